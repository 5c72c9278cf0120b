import type { Client } from '@elastic/elasticsearch';
import { wildcardOf } from '@logpipe/schemas';
import { onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { IndexPattern } from '../transform/index-name.js';
import type { TransferMetrics } from '../transfer-metrics.js';
import { IndexDateReader } from './index-dates.js';
import type { LifecyclePlan } from './lifecycle-plan.js';

const DAY_MS = 86_400_000;
/** Names per delete request: explicit names (no wildcards), and a URL of sane length. */
const DELETE_CHUNK = 50;

export interface RetentionOptions {
  client: Client;
  logger: Logger;
  metrics: TransferMetrics;
  retentionDays: number;
  /** The index patterns in force now (the default and every route's). */
  patterns: () => readonly IndexPattern[];
  /** Resolves once the index setup knows whether the transfer, rather than ILM, ages indices. */
  plan: Promise<LifecyclePlan>;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Retention without ILM: at start and every 24 hours, deletes the indices that an index pattern
 * in force makes and whose date is more than `retention_days` days before today (UTC). With 7,
 * on 24 November the indices of 16 November and earlier go; a monthly `{yyyy.MM}` index goes once
 * its month's last day is that old. The date is read from the name, never from the index's
 * creation time, so a replay of old events into a fresh index does not keep it alive.
 *
 * A pattern with `{topic}` covers every topic's indices, as an ILM policy attached by the
 * template would. Patterns without a date are skipped: their names say nothing about age.
 */
export class RetentionService implements Service {
  readonly name = 'retention';
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: RetentionOptions) {}

  async start(): Promise<void> {
    this.loop = this.run();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await this.loop;
  });

  private async run(): Promise<void> {
    const { logger, intervalMs = DAY_MS } = this.options;
    const plan = await Promise.race([this.options.plan, new Promise<undefined>((resolve) => this.abort.signal.addEventListener('abort', () => resolve(undefined), { once: true }))]).catch(
      () => undefined,
    );
    if (!plan?.retentionByTransfer) return;
    while (!this.abort.signal.aborted) {
      try {
        await this.sweep();
      } catch (err) {
        logger.warn('retention could not list or delete old indices; trying again at the next sweep', { err, nextInMs: intervalMs });
      }
      await sleep(intervalMs, this.abort.signal);
    }
  }

  /** One pass: lists the indices of every dated pattern and deletes the ones past retention. */
  async sweep(): Promise<string[]> {
    const { client, logger, metrics, retentionDays, now = Date.now } = this.options;
    const cutoff = new Date(now() - retentionDays * DAY_MS).toISOString().slice(0, 10);
    const expired = new Map<string, string>();
    for (const pattern of this.options.patterns()) {
      const reader = new IndexDateReader(pattern.parts);
      if (!reader.dated) continue;
      const rows = await client.cat.indices({ index: wildcardOf(pattern.parts), h: 'index', format: 'json', expand_wildcards: ['open', 'closed'] });
      for (const row of rows) {
        const name = row.index;
        if (name === undefined) continue;
        const lastDay = reader.lastDay(name);
        if (lastDay !== undefined && lastDay < cutoff) expired.set(name, lastDay);
      }
    }
    const names = [...expired.keys()].sort();
    for (let i = 0; i < names.length; i += DELETE_CHUNK) {
      if (this.abort.signal.aborted) break;
      const chunk = names.slice(i, i + DELETE_CHUNK);
      // Another worker of the group may have deleted some already: not an error.
      await client.indices.delete({ index: chunk.join(','), ignore_unavailable: true });
      for (const index of chunk) {
        metrics.retentionDeletedIndices.inc();
        logger.info('deleted an index past retention', { index, lastDay: expired.get(index), retentionDays });
      }
    }
    return names;
  }
}
