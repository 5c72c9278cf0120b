import type { PreparedDocument } from '../transform/to-document.js';
import { RequestGate } from './request-gate.js';

/** Bytes of an action line (`{"index":{"_index":"…","_id":"…"}}`), roughly, for pacing only. */
const ACTION_BYTES = 80;

/**
 * Turns for making bulk requests, shared by every batch of the worker. A batch's documents are
 * made (transformed) only as the bulk helper asks for them, and a batch holds the turn while it
 * makes one request's worth of them, then lets the next batch make one. Without it, every batch
 * fetched at once transforms and serialises everything it has before any request leaves: the
 * first request of a fetch then waits for all of them, and Elasticsearch sits idle meanwhile.
 *
 * The turn only orders CPU work; it never waits for Elasticsearch, so it cannot hold a batch up
 * behind another batch's requests.
 */
export class PreparationTurns {
  private readonly turn = new RequestGate(1);

  /** @param flushBytes the bulk helper's `flushBytes`: a turn ends about when a request is full. */
  constructor(private readonly flushBytes: number) {}

  /**
   * The documents of `source`, for the bulk helper, taking turns; each one made is also pushed
   * to `made`. The helper may stop early (a failed request): `rest()` then makes the others. An
   * error of the source ends the iteration and is kept in `failure.error` (it is not a bulk
   * failure, and must not be retried as one).
   */
  async *feed(source: Iterator<PreparedDocument>, made: PreparedDocument[], failure: { error?: unknown }): AsyncGenerator<PreparedDocument> {
    // Released before the last document of a request is handed over, because the helper may
    // then wait for a free request slot, which must not keep the others from their turn.
    const threshold = this.flushBytes * 0.9;
    const iterator = source;
    let release: (() => void) | undefined;
    try {
      let bytes = 0;
      for (;;) {
        release ??= await this.acquire();
        let next: IteratorResult<PreparedDocument>;
        try {
          next = iterator.next();
        } catch (err) {
          failure.error = err;
          return;
        }
        if (next.done) return;
        made.push(next.value);
        bytes += next.value.body.length + ACTION_BYTES;
        if (bytes >= threshold) {
          bytes = 0;
          release();
          release = undefined;
        }
        yield next.value;
      }
    } finally {
      release?.();
    }
  }

  /** Makes what the helper did not ask for into `made`. */
  static rest(source: Iterator<PreparedDocument>, made: PreparedDocument[], failure: { error?: unknown }): void {
    try {
      for (let next = source.next(); !next.done; next = source.next()) made.push(next.value);
    } catch (err) {
      failure.error ??= err;
    }
  }

  private acquire(): Promise<() => void> {
    return new Promise((granted) => {
      void this.turn.run(() => new Promise<void>((done) => granted(done)));
    });
  }
}
