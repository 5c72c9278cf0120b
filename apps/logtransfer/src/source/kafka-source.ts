import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { toKafkaAdapterError, type Consumer, type EachBatchPayload, type Kafka } from '@logpipe/kafka';
import type { HealthCheck } from '@logpipe/metrics';
import type { TransferMetrics } from '../transfer-metrics.js';
import { BatchLease } from './batch-lease.js';

export interface KafkaSourceOptions {
  kafka: Kafka;
  groupId: string;
  /** Topic names, and regular expressions for names that match. */
  topics: (string | RegExp)[];
  logger: Logger;
  metrics: TransferMetrics;
  maxBytesPerPartition: number;
  partitionsConsumedConcurrently: number;
  /**
   * Handles one partition's batch and resolves only when every message is safely in
   * Elasticsearch or the dead-letter topic. Throwing leaves the batch uncommitted. `signal` is
   * aborted when the batch is no longer this worker's to finish (see BatchLease): stop then.
   */
  handleBatch: (payload: EachBatchPayload, signal: AbortSignal) => Promise<void>;
  /** How long stop() lets batches in flight keep retrying before abandoning them (uncommitted). */
  drainTimeoutMs: number;
}

/**
 * A dead worker's partitions wait this long for a new owner. It need not cover a slow
 * Elasticsearch: BatchLease heartbeats while a batch is retried.
 */
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;
const LEASE_CHECK_MS = 1_000;

/**
 * The consumer-group side of the transfer. Offsets are committed by hand, per partition, right
 * after the batch handler resolved, never by kafkajs's timer: a crash or rebalance can then only
 * replay messages, and idempotent document ids make a replay harmless.
 */
export class KafkaSource implements Service {
  readonly name = 'kafka-source';
  private readonly consumer: Consumer;
  /** Aborted when stop() gives up draining, or before the group was ever joined. */
  private readonly abort = new AbortController();
  private joining: Promise<void> | undefined;
  private joined = false;
  private crashed: Error | undefined;

  constructor(private readonly options: KafkaSourceOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: options.maxBytesPerPartition,
      maxWaitTimeInMs: 250,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      // Topics are created by the agent under its configured policy, never as a side effect
      // of a consumer asking for metadata.
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const { logger, metrics } = options;
    const { events } = this.consumer;
    this.consumer.on(events.REBALANCING, () => logger.info('consumer group rebalancing'));
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      const partitions = Object.values(payload.memberAssignment).reduce((sum, list) => sum + list.length, 0);
      metrics.rebalances.inc();
      metrics.partitionsAssigned.set(partitions);
      logger.info('joined the consumer group', { group: payload.groupId, memberId: payload.memberId, partitions, assignment: payload.memberAssignment });
    });
    this.consumer.on(events.CRASH, ({ payload }) => {
      if (payload.restart) {
        logger.warn('consumer crashed; kafkajs restarts it', { err: payload.error });
        return;
      }
      this.crashed = payload.error;
      metrics.partitionsAssigned.set(0);
      logger.error('consumer crashed and will not restart; restart the transfer, after fixing the cause below', { err: payload.error });
    });
  }

  /**
   * Returns at once and joins the group in the background: a topic that does not exist yet
   * (no agent has produced to it) or a broker that is down is waited for, with backoff, rather
   * than failing the worker.
   */
  async start(): Promise<void> {
    this.joining = this.joinWithRetry();
  }

  /** Unhealthy once kafkajs gave up on the consumer; a worker still waiting for a topic is fine. */
  health(): HealthCheck {
    if (this.crashed) return { ok: false, detail: `consumer crashed and will not restart: ${this.crashed.message}` };
    return { ok: true, detail: this.joined ? 'consuming' : 'waiting to join the group' };
  }

  private async joinWithRetry(): Promise<void> {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });
    while (!this.abort.signal.aborted) {
      try {
        await this.join();
        return;
      } catch (err) {
        const delay = backoff.next();
        this.options.logger.warn('cannot consume yet; retrying', { err, topics: this.options.topics.map(String), retryInMs: delay });
        await this.consumer.disconnect().catch(() => undefined);
        await sleep(delay, this.abort.signal);
      }
    }
  }

  private async join(): Promise<void> {
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    } catch (err) {
      throw toKafkaAdapterError(err, 'subscribing to Kafka');
    }
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
    this.joined = true;
    this.options.logger.info('consuming', { group: this.options.groupId, topics: this.options.topics.map(String) });
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.isEmpty()) return;
    this.options.metrics.messagesConsumed.inc({ topic: batch.topic }, batch.messages.length);
    const lease = new BatchLease(payload, this.abort.signal, LEASE_CHECK_MS);
    try {
      await this.options.handleBatch(payload, lease.signal);
    } catch (err) {
      // A lost membership is what really happened; kafkajs rejoins when it sees that error.
      throw lease.lost ?? err;
    } finally {
      lease.release();
    }
    if (payload.isStale()) return; // sought elsewhere meanwhile: the batch is not ours to commit
    const last = batch.lastOffset();
    payload.resolveOffset(last);
    // Through the payload, not consumer.commitOffsets(): kafkajs skips the latter once stop()
    // began, which would lose the commit of every batch drained during a graceful stop. A
    // commit refused because the group moved on throws, and the batch is simply consumed again.
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }] }],
    });
    if (lease.lost) throw lease.lost;
  }

  /** Stops fetching, lets the batches in flight finish and commit (or abandons their retries), leaves the group. */
  readonly stop = onceStop(async () => {
    const timer = setTimeout(() => {
      this.options.logger.warn('batches still not indexed at the drain timeout; abandoning them uncommitted', { drainTimeoutMs: this.options.drainTimeoutMs });
      this.abort.abort();
    }, this.options.drainTimeoutMs);
    try {
      if (!this.joined) this.abort.abort();
      await this.consumer.disconnect();
      await this.joining;
    } finally {
      clearTimeout(timer);
    }
  });
}
