/** Thrown when a call did not settle within its time limit. */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Races `work` against a deadline. The work itself cannot be cancelled and keeps running; the
 * caller just stops waiting for it, which is what keeps a hung child process from stalling
 * everything behind it.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // Not unref'd: someone is awaiting this, and the process must not exit under them.
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
