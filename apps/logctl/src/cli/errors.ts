/**
 * logctl's exit codes: 0 done, 1 the operation failed (a server unreachable, a write lost to a
 * concurrent change), 2 the command line or a value was refused before anything was written.
 * Every error says what to do next; main() prints it and exits with its code.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  override readonly name: string = 'CliError';

  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE,
  ) {
    super(message);
  }
}

/** The command line is wrong: unknown flag, missing argument, a value that cannot be read. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super(message, EXIT_USAGE);
  }
}

/** A value was refused by the same validation the pipeline applies; nothing was written. */
export class ValidationError extends CliError {
  override readonly name = 'ValidationError';

  constructor(
    what: string,
    readonly problems: readonly string[],
  ) {
    super([`${what}; nothing was written:`, ...problems.map((p) => `  ${p}`)].join('\n'), EXIT_USAGE);
  }
}

/** The operation was tried and failed: a server did not answer, a key was missing or changed. */
export class Failure extends CliError {
  override readonly name = 'Failure';

  constructor(message: string) {
    super(message, EXIT_FAILURE);
  }
}

/**
 * A compare-and-write lost: someone changed the key between our read and our write. The caller's
 * write was not applied and theirs was kept, so nothing is lost; re-running shows their version.
 */
export class ConflictError extends CliError {
  override readonly name = 'ConflictError';

  constructor(key: string, rerun: string) {
    super(`${key} was changed by someone else since you read it; re-run \`${rerun}\` to start from their version`, EXIT_FAILURE);
  }
}
