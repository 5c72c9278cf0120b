import type { Client } from '@elastic/elasticsearch';
import { Backoff, sleep, type Logger } from '@logpipe/runtime';
import { classifyStatus } from './bulk-outcome.js';
import type { PreparedDocument } from '../transform/to-document.js';
import type { TransferMetrics } from '../transfer-metrics.js';

export interface BulkSinkOptions {
  client: Client;
  logger: Logger;
  metrics: TransferMetrics;
  flushBytes: number;
  concurrency: number;
  /** Retries of 429s inside one helpers.bulk call, before our own backoff takes over. */
  retries: number;
  maxBackoffMs: number;
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
 */
export class BulkSink {
  constructor(private readonly options: BulkSinkOptions) {}

  /** @returns the dead letters; throws only when aborted before everything was accepted. */
  async write(documents: PreparedDocument[], signal: AbortSignal): Promise<DeadLetter[]> {
    const { client, logger, metrics } = this.options;
    const deadLetters: DeadLetter[] = [];
    const backoff = new Backoff({ initialMs: 250, maxMs: this.options.maxBackoffMs });
    let pending = documents;
    while (pending.length > 0) {
      if (signal.aborted) throw new Error(`stopped with ${pending.length} documents not yet accepted; they will be consumed again`);
      const retry: PreparedDocument[] = [];
      const byId = new Map<string, PreparedDocument>();
      const started = process.hrtime.bigint();
      try {
        const stats = await client.helpers.bulk<PreparedDocument>({
          datasource: pending,
          onDocument: (document) => [{ index: { _index: document.index, _id: document.id } }, document.body as unknown as PreparedDocument],
          onDrop: (drop) => {
            if (byId.size === 0) for (const d of pending) byId.set(d.id, d);
            const id = (drop.operation as { index?: { _id?: string } }).index?._id ?? '';
            const document = byId.get(id);
            if (!document) return;
            if (classifyStatus(drop.status) === 'retry') retry.push(document);
            else deadLetters.push({ document, status: drop.status, reason: JSON.stringify(drop.error) });
          },
          flushBytes: this.options.flushBytes,
          concurrency: this.options.concurrency,
          retries: this.options.retries,
          wait: 1000,
        });
        metrics.bulkLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
        metrics.bulkBytes.inc(stats.bytes);
        metrics.documentsIndexed.inc(stats.successful);
      } catch (err) {
        metrics.bulkFailures.inc();
        const delay = backoff.next();
        logger.warn('bulk request failed; retrying the batch', { err, documents: pending.length, retryInMs: delay });
        await sleep(delay, signal);
        continue;
      }
      if (retry.length > 0) {
        metrics.documentsFailed.inc(retry.length);
        const delay = backoff.next();
        logger.warn('documents rejected with a retriable status; retrying them', { documents: retry.length, retryInMs: delay });
        await sleep(delay, signal);
      } else {
        backoff.reset();
      }
      pending = retry;
    }
    return deadLetters;
  }
}
