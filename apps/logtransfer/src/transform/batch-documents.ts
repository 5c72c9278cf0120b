import type { PreparedDocument } from './to-document.js';

/** A batch's documents as the bulk sink reads them: one lazy pass, and the whole list on demand. */
export interface DocumentBatch extends Iterable<PreparedDocument> {
  all(): PreparedDocument[];
  /**
   * The documents at these places of the last pass (ascending), made again from their messages
   * only: what a bulk pass needs of a rejected document, which it does not keep meanwhile.
   */
  at(positions: readonly number[]): PreparedDocument[];
  /** Set when making a document threw. */
  readonly failure: unknown;
}

/** Turns one Kafka message into its documents, appended to `out`. */
export type MessageConverter<M> = (message: M, out: PreparedDocument[]) => void;

/**
 * A batch's documents, made as the bulk requests fill rather than all before the first
 * request. Measured on the transfer benchmark (bench/README.md): made all at once, the four
 * batches of a fetch were converted (about 150 ms each) before the first bulk request left, so
 * Elasticsearch sat idle for the first second of a run; made lazily, the first request leaves
 * after the first 5 MB of documents, and each document dies young instead of outliving a
 * batch's requests in the old generation (the transfer used 15% less CPU).
 *
 * Converting the same messages again gives the same documents (`ingested` is fixed per batch),
 * so `all()` re-makes them for what is rare: sending them again after a failed request.
 */
export class BatchDocuments<M> implements DocumentBatch {
  private everything: PreparedDocument[] | undefined;
  /** Where each message's documents began in the last pass; -1 before it was reached. */
  private starts: Int32Array;
  /** What a conversion threw: a bug, which fails the batch instead of being retried as an outage. */
  failure: unknown;

  constructor(
    private readonly messages: readonly M[],
    private readonly convert: MessageConverter<M>,
  ) {
    this.starts = new Int32Array(messages.length).fill(-1);
  }

  /** One pass over the documents, message by message, made as they are read. */
  [Symbol.iterator](): Iterator<PreparedDocument> {
    const { messages, convert, starts } = this;
    const made: PreparedDocument[] = [];
    let message = 0;
    let next = 0;
    let position = 0;
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
    return {
      next: (): IteratorResult<PreparedDocument> => {
        while (next === made.length) {
          if (message === messages.length || this.failure !== undefined) return done;
          made.length = 0;
          next = 0;
          starts[message] = position;
          try {
            convert(messages[message++]!, made);
          } catch (err) {
            this.failure = err;
            return done;
          }
        }
        position++;
        return { done: false, value: made[next++]! };
      },
    };
  }

  /** Every document of the batch, in order, made once more (and kept) on first use. */
  all(): PreparedDocument[] {
    if (this.everything === undefined) {
      const everything: PreparedDocument[] = [];
      for (const message of this.messages) this.convert(message, everything);
      this.everything = everything;
    }
    return this.everything;
  }

  at(positions: readonly number[]): PreparedDocument[] {
    if (this.everything !== undefined) return positions.map((p) => this.everything![p]!);
    const found: PreparedDocument[] = [];
    const made: PreparedDocument[] = [];
    let message = -1;
    for (const position of positions) {
      // The last message whose documents began at or before `position`.
      let next = Math.max(message, 0);
      while (next + 1 < this.starts.length && this.starts[next + 1]! !== -1 && this.starts[next + 1]! <= position) next++;
      if (next !== message) {
        message = next;
        made.length = 0;
        this.convert(this.messages[message]!, made);
      }
      found.push(made[position - this.starts[message]!]!);
    }
    return found;
  }
}
