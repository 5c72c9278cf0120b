import type { PreparedDocument } from './to-document.js';

/** A batch's documents as the bulk sink reads them: one lazy pass, and the whole list on demand. */
export interface DocumentBatch extends Iterable<PreparedDocument> {
  all(): PreparedDocument[];
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
  /** What a conversion threw: a bug, which fails the batch instead of being retried as an outage. */
  failure: unknown;

  constructor(
    private readonly messages: readonly M[],
    private readonly convert: MessageConverter<M>,
  ) {}

  /** One pass over the documents, message by message, made as they are read. */
  [Symbol.iterator](): Iterator<PreparedDocument> {
    const { messages, convert } = this;
    const made: PreparedDocument[] = [];
    let message = 0;
    let next = 0;
    const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
    return {
      next: (): IteratorResult<PreparedDocument> => {
        while (next === made.length) {
          if (message === messages.length || this.failure !== undefined) return done;
          made.length = 0;
          next = 0;
          try {
            convert(messages[message++]!, made);
          } catch (err) {
            this.failure = err;
            return done;
          }
        }
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
}
