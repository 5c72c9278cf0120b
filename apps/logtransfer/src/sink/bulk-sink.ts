import type { Client } from '@elastic/elasticsearch';
import { Backoff, sleep, type Logger } from '@logpipe/runtime';
import { classifyStatus, isAccessStatus } from './bulk-outcome.js';
import { encodeBulkLines } from './bulk-body.js';
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
  /** Retries of 429s inside one helpers.bulk call, before our own backoff takes over. */
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

export interface DeadLetter {
  document: PreparedDocument;
  status: number;
  reason: string;
}

/**
 * Indexes a batch with the client's `helpers.bulk` and does not return until every document is
 * either accepted by Elasticsearch or classified as a dead letter. Request failures (Elasticsearch
 * down) and retriable item failures are retried with capped exponential backoff, for as long as
 * `signal` is not aborted; the caller commits Kafka offsets only after this resolves.
 *
 * What helpers.bulk does, and why the loop around it is needed:
 * - an item rejected with 429 is retried `retries` times inside the call, then dropped with 429;
 * - any other rejected item (5xx included) is dropped at once;
 * - a failed request (Elasticsearch unreachable) rejects the whole call, after which the other
 *   requests' dropped items are not reported at all, and nothing says which items succeeded.
 * So after a failed request every document without a final outcome is sent again; the ones that
 * had succeeded are overwritten with themselves, because their ids are idempotent.
 */
export class BulkSink {
  /** The client the bulk helper uses: its `bulk` waits at the worker's gate. */
  private readonly client: Client;

  constructor(private readonly options: BulkSinkOptions) {
    const gate = new RequestGate(options.concurrency);
    // A child shares the connection pool; only its `bulk`, which helpers.bulk calls for each
    // request, goes through the gate.
    const client = options.client.child({});
    const bulk = client.bulk.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { bulk: (...args: unknown[]) => Promise<unknown> }).bulk = (params, ...rest) => gate.run(() => bulk(asBytes(params), ...rest));
    this.client = client;
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
    // Retries and dead letters need the documents as a list: a lazy batch makes them again.
    const all = Array.isArray(documents) ? () => documents : () => documents.all();
    let pending: PreparedDocument[] | DocumentBatch = documents;
    while (!Array.isArray(pending) || pending.length > 0) {
      const stopped = () => new Error(`stopped with ${Array.isArray(pending) ? pending.length : 'the batch\'s'} documents not yet accepted; they will be consumed again`);
      if (signal.aborted) throw stopped();
      const attempt = await this.attempt(pending, all, signal);
      if (!Array.isArray(documents) && documents.failure !== undefined) throw documents.failure;
      // Cut short on purpose: not a failure to count or log, and no retry. An aborted helper
      // sends nothing more yet resolves as if done, so what it never sent has no outcome either.
      if (signal.aborted) throw stopped();
      deadLetters.push(...attempt.deadLetters);
      if (attempt.requestError) {
        metrics.bulkFailures.inc();
        // Dead letters are final even when another request of the call failed; all else is resent.
        const dead = new Set(attempt.deadLetters.map((d) => d.document));
        pending = all().filter((d) => !dead.has(d));
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
      metrics.bulkBytes.inc(attempt.bytes);
      metrics.documentsIndexed.inc(attempt.indexed);
      pending = attempt.retry;
      if (pending.length > 0) {
        metrics.documentsFailed.inc(pending.length);
        const delay = backoff.next();
        const refusal = attempt.refused && this.options.describeAccessFailure?.(attempt.refused);
        if (refusal) logger.error(`${refusal}; nothing is committed until it is fixed, retrying`, { status: attempt.refused!.meta.statusCode, documents: pending.length, retryInMs: delay });
        else logger.warn('documents rejected with a retriable status; retrying them', { documents: pending.length, retryInMs: delay });
        await sleep(delay, signal);
      } else {
        backoff.reset();
      }
    }
    metrics.bulkLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return deadLetters;
  }

  /**
   * One helpers.bulk call over `documents`: what was indexed, what to retry, what is dead.
   * @param all the whole batch as a list, in order; only called when something was dropped.
   */
  private async attempt(documents: PreparedDocument[] | DocumentBatch, all: () => PreparedDocument[], signal: AbortSignal): Promise<Attempt> {
    // The documents of this call, in order: only asked for when something was dropped.
    const sent = Array.isArray(documents) ? () => documents : all;
    const dropped = new Map<PreparedDocument, DeadLetter | 'retry'>();
    let byKey: Map<string, PreparedDocument[]> | undefined;
    const create = this.options.operation === 'create';
    let duplicates = 0;
    let refused: Refusal | undefined;
    const helper = this.client.helpers.bulk<PreparedDocument>({
      // The helper accepts any async iterable, though its types name only AsyncIterator.
      datasource: documents as PreparedDocument[] | AsyncIterator<PreparedDocument>,
      onDocument: create
        ? (document) => [{ create: { _index: document.index, _id: document.id } }, document.body as unknown as PreparedDocument]
        : (document) => [{ index: { _index: document.index, _id: document.id } }, document.body as unknown as PreparedDocument],
      onDrop: (drop) => {
        if (create && drop.status === 409) {
          duplicates++;
          return;
        }
        const operation = drop.operation as { index?: { _index?: string; _id?: string }; create?: { _index?: string; _id?: string } };
        const action = operation.index ?? operation.create;
        // Built only when something was dropped: the usual batch never pays for it.
        byKey ??= groupByKey(sent());
        // A batch may hold one event twice (the agent re-sent a line): each drop takes one copy.
        const document = byKey.get(key(action?._index ?? '', action?._id ?? ''))?.shift();
        if (!document) return;
        if (isAccessStatus(drop.status)) refused ??= { meta: { statusCode: drop.status, body: { error: drop.error } } };
        dropped.set(document, classifyStatus(drop.status) === 'retry' ? 'retry' : { document, status: drop.status, reason: JSON.stringify(drop.error) });
      },
      flushBytes: this.options.flushBytes,
      concurrency: this.options.concurrency,
      // Only what the outcome needs: the statuses and errors, in request order. The rest of each
      // item (index, id, version, shards, …) would be most of the response, parsed for nothing.
      filter_path: BULK_RESPONSE_FIELDS,
      retries: this.options.retries,
      wait: 1000,
    });
    // Stop sending further requests of this call; the ones in flight still finish. abort()
    // returns the helper, a thenable that is awaited below; the listener must not return it,
    // or Node's EventTarget rethrows its rejection as an uncaught exception.
    const onAbort = () => {
      void helper.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // In batch order, whatever order the drops came in (429s come last): a retry or the
    // dead-letter topic keeps the order of the Kafka partition.
    const outcomes = () => {
      if (dropped.size === 0) return { retry: [], deadLetters: [] };
      const retry: PreparedDocument[] = [];
      const deadLetters: DeadLetter[] = [];
      for (const document of sent()) {
        const outcome = dropped.get(document);
        if (outcome === 'retry') retry.push(document);
        else if (outcome) deadLetters.push(outcome);
      }
      return { retry, deadLetters };
    };
    try {
      const stats = await helper;
      return { indexed: stats.successful + duplicates, bytes: stats.bytes, ...outcomes(), refused };
    } catch (err) {
      return { indexed: 0, bytes: 0, ...outcomes(), requestError: err, refused };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

interface Attempt {
  indexed: number;
  bytes: number;
  retry: PreparedDocument[];
  deadLetters: DeadLetter[];
  /** Set when a request failed as a whole: documents without an outcome are unaccounted for. */
  requestError?: unknown;
  /** The first item refused with 401 or 403, shaped like a client error for describeAccessFailure. */
  refused?: Refusal | undefined;
}

interface Refusal {
  meta: { statusCode: number; body: { error: unknown } };
}

export const BULK_RESPONSE_FIELDS = 'errors,items.*.status,items.*.error';

function key(index: string, id: string): string {
  return `${index}\u0000${id}`;
}

function groupByKey(documents: PreparedDocument[]): Map<string, PreparedDocument[]> {
  const map = new Map<string, PreparedDocument[]>();
  for (const document of documents) {
    const k = key(document.index, document.id);
    const list = map.get(k);
    if (list) list.push(document);
    else map.set(k, [document]);
  }
  return map;
}

/** The helper's request with its lines as one Buffer (see encodeBulkLines). */
function asBytes(params: unknown): unknown {
  const body = (params as { body?: unknown } | undefined)?.body;
  if (!Array.isArray(body) || !body.every((line) => typeof line === 'string')) return params;
  return { ...(params as object), body: encodeBulkLines(body as string[]) };
}
