/** A problem the user can fix; the message already says how, so the CLI prints it without a stack. */
export class ServicesError extends Error {
  override readonly name = 'ServicesError';
}

/** One server that did not come up, with the end of its log so nobody has to go looking for it. */
export interface StartFailure {
  server: string;
  reason: string;
  logTails: { file: string; lines: string[] }[];
}

export class ServicesStartError extends ServicesError {
  constructor(readonly failures: StartFailure[]) {
    super(failures.map(formatFailure).join('\n\n'));
  }
}

export function formatFailure(failure: StartFailure): string {
  const tails = failure.logTails.map(
    ({ file, lines }) => `--- last ${lines.length} lines of ${file} ---\n${lines.join('\n')}\n--- end of ${file} ---`,
  );
  return [`${failure.server} failed to start: ${failure.reason}`, ...tails].join('\n');
}

/** Thrown by one server's start; `startServers` gathers them into a ServicesStartError. */
export class ServerStartFailure extends ServicesError {
  constructor(readonly failure: StartFailure) {
    super(formatFailure(failure));
  }
}
