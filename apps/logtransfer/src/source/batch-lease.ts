import type { EachBatchPayload } from '@logpipe/kafka';

/**
 * Keeps this worker's claim on a partition alive while one batch is handled, however long
 * Elasticsearch makes it wait.
 *
 * kafkajs sends heartbeats only between batches, so a batch stuck in bulk retries for longer than
 * the session timeout would get the worker thrown out of the group, and its partitions handed to
 * another worker while it still holds them. The lease heartbeats on a timer instead, and aborts
 * `signal` as soon as the batch is no longer ours to finish: the group is rebalancing (the
 * partition may move; the group waits for us to rejoin), the partition was sought elsewhere
 * (stale), or the source is giving up on its drain. The batch then stays uncommitted, and its new
 * owner indexes it again under the same document ids. A graceful stop alone (kafkajs's
 * `isRunning()` false) aborts nothing: the batches in flight are meant to finish and commit.
 */
export class BatchLease {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private lostBy: Error | undefined;

  constructor(
    private readonly payload: Pick<EachBatchPayload, 'heartbeat' | 'isStale'>,
    stopping: AbortSignal,
    checkIntervalMs: number,
  ) {
    this.signal = AbortSignal.any([this.controller.signal, stopping]);
    // heartbeat() itself sends at most one request per heartbeatInterval; checking more often
    // only makes a rebalance noticed sooner.
    this.timer = setInterval(() => void this.check(), checkIntervalMs);
  }

  /**
   * The Kafka error that ended the membership (rebalance, unknown member, old generation). It is
   * rethrown from eachBatch, so that kafkajs rejoins the group at once.
   */
  get lost(): Error | undefined {
    return this.lostBy;
  }

  release(): void {
    clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    if (this.signal.aborted) return;
    if (this.payload.isStale()) {
      this.controller.abort(new Error('the partition was sought elsewhere; its batch is abandoned'));
      return;
    }
    try {
      await this.payload.heartbeat();
    } catch (err) {
      // Other failures (a broker briefly unreachable) may heal before the session expires;
      // the next check tries again.
      if (!endsMembership(err)) return;
      this.lostBy = err as Error;
      this.controller.abort(err);
    }
  }
}

const MEMBERSHIP_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP']);

/** The kafkajs protocol errors after which this worker must rejoin before it may commit. */
export function endsMembership(err: unknown): boolean {
  return MEMBERSHIP_ERRORS.has((err as { type?: string } | undefined)?.type ?? '');
}
