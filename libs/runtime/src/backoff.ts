/** Capped exponential backoff with full jitter, so reconnecting clients don't stampede a server. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Multiplier per attempt; 2 doubles the ceiling each time. */
  factor?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions) {}

  /** Delay before the next retry; grows until `reset()` is called after a success. */
  next(): number {
    const { initialMs, maxMs, factor = 2, random = Math.random } = this.options;
    const ceiling = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt++;
    return Math.max(initialMs / 2, Math.round(ceiling * random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
