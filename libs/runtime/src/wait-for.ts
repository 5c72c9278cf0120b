import { sleep } from './backoff.js';

export interface WaitForOptions {
  /** What the caller waits for, in words: the error says that this never happened. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than `undefined`/`false`, or throws after the
 * deadline with a message naming what never happened and the last value or error seen.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitForOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what} (last: ${detail})`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}
