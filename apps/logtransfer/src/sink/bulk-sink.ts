import type { Client } from '@elastic/elasticsearch';
import { Backoff, sleep, type Logger } from '@logpipe/runtime';
import { bulkPass, type BulkPassOptions, type DeadLetter } from './bulk-pass.js';
import { RequestGate } from './request-gate.js';
import type { DocumentBatch } from '../transform/batch-documents.js';
import type { PreparedDocument } from '../transform/to-document.js';
import type { TransferMetrics } from '../transfer-metrics.js';

export interface BulkSinkOptions {
  client: Client;
  logger: Logger;
  metrics: TransferMetrics;
  flushBytes: number;
  /** Bulk requests in flight for the whole worker, whatever the number of batches being indexed. */
  concurrency: number;
  /** Quick retries (a second apart) of documents rejected with 429, before backing off and logging. */
  retries: number;
  maxBackoffMs: number;
  /**
   * `index` (daily indices: a document sent twice overwrites itself) or `create` (data streams,
   * which take nothing else: a document sent twice is refused with 409, and that counts as
   * accepted, because it is already there).
   */
  operation?: 'index' | 'create';
  /**
   * The operator's version of a refusal (401, 403, an unverifiable certificate): which server,
   * which user, which setting; undefined for anything else.
   */
  describeAccessFailure?: (err: unknown) => string | undefined;
}

export type { DeadLetter } from './bulk-pass.js';

/** How long a quick retry of 429s waits (what the client's bulk helper waited). */
const QUICK_RETRY_WAIT_MS = 1000;

/**
 * Indexes a batch in bulk requests (see `bulkPass`) and does not return until every document is
 * either accepted by Elasticsearch or classified as a dead letter. Request failures
 * (Elasticsearch down) and retriable item failures are retried with capped exponential backoff,
 * for as long as `signal` is not aborted; the caller commits Kafka offsets only after this
 * resolves. After a failed request, every document without a final outcome is sent again; the
 * ones that had succeeded are overwritten with themselves, because their ids are idempotent.
 */
export class BulkSink {
  private readonly pass: BulkPassOptions;

  constructor(private readonly options: BulkSinkOptions) {
    this.pass = {
      client: options.client,
      gate: new RequestGate(options.concurrency),
      flushBytes: options.flushBytes,
      concurrency: options.concurrency,
      operation: options.operation ?? 'index',
      filterPath: BULK_RESPONSE_FIELDS,
    };
  }

  /**
   * @param documents a batch's documents: made as they are sent (`BatchDocuments`), or a list.
   * @returns the dead letters; throws when aborted before everything was accepted, or when making
   *   the documents failed.
   */
  async write(documents: PreparedDocument[] | DocumentBatch, signal: AbortSignal): Promise<DeadLetter[]> {
    const { logger, metrics } = this.options;
    const deadLetters: DeadLetter[] = [];
    const backoff = new Backoff({ initialMs: 250, maxMs: this.options.maxBackoffMs });
    const started = process.hrtime.bigint();
    let pending: PreparedDocument[] | DocumentBatch = documents;
    let quickRetries = 0;
    while (!Array.isArray(pending) || pending.length > 0) {
      const stopped = () => new Error(`stopped with ${Array.isArray(pending) ? pending.length : 'the batch\'s'} documents not yet accepted; they will be consumed again`);
      if (signal.aborted) throw stopped();
      const attempt = await bulkPass(pending, this.pass, signal);
      if (!Array.isArray(documents) && documents.failure !== undefined) throw documents.failure;
      // Cut short on purpose: not a failure to count or log, and no retry. What an aborted
      // pass never sent has no outcome either.
      if (signal.aborted) throw stopped();
      deadLetters.push(...attempt.deadLetters);
      metrics.bulkBytes.inc(attempt.bytes);
      if (attempt.requestError) {
        metrics.bulkFailures.inc();
        // Dead letters are final even when another request failed; all else of the pass is
        // sent again (a lazy batch makes its documents again, in the same order).
        const input = Array.isArray(pending) ? pending : pending.all();
        pending = input.filter((_, at) => !attempt.deadPositions.has(at));
        const delay = backoff.next();
        const status = (attempt.requestError as { meta?: { statusCode?: number } }).meta?.statusCode;
        const refusal = this.options.describeAccessFailure?.(attempt.requestError);
        // Nothing is committed meanwhile; the retries go on, so fixing the user's role on the
        // server is enough, and a fixed config takes a restart that loses nothing.
        if (refusal) logger.error(`${refusal}; nothing is committed until it is fixed, retrying`, { status, documents: pending.length, retryInMs: delay });
        else logger.warn('bulk request failed; retrying the documents without an outcome', { err: attempt.requestError, status, documents: pending.length, retryInMs: delay });
        await sleep(delay, signal);
        continue;
      }
      // Counted only for a pass without a failed request: after one, everything is sent again.
      metrics.documentsIndexed.inc(attempt.indexed);
      pending = attempt.retry;
      if (pending.length === 0) {
        backoff.reset();
      } else if (attempt.onlyTooMany && quickRetries < this.options.retries) {
        // Elasticsearch is only busy: try again soon, quietly, as the bulk helper did.
        quickRetries++;
        await sleep(QUICK_RETRY_WAIT_MS, signal);
      } else {
        quickRetries = 0;
        metrics.documentsFailed.inc(pending.length);
        const delay = backoff.next();
        const refusal = attempt.refused && this.options.describeAccessFailure?.(attempt.refused);
        if (refusal) logger.error(`${refusal}; nothing is committed until it is fixed, retrying`, { status: attempt.refused!.meta.statusCode, documents: pending.length, retryInMs: delay });
        else logger.warn('documents rejected with a retriable status; retrying them', { documents: pending.length, retryInMs: delay });
        await sleep(delay, signal);
      }
    }
    metrics.bulkLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return deadLetters;
  }
}

export const BULK_RESPONSE_FIELDS = 'errors,items.*.status,items.*.error';
