import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import { toKafkaAdapterError, type Consumer, type EachBatchPayload, type Kafka } from '@logpipe/kafka';
import type { TransferMetrics } from '../transfer-metrics.js';

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
   * Elasticsearch or the dead-letter topic. Throwing leaves the batch uncommitted.
   */
  handleBatch: (payload: EachBatchPayload, signal: AbortSignal) => Promise<void>;
  /** How long stop() lets batches in flight keep retrying before abandoning them (uncommitted). */
  drainTimeoutMs: number;
}

/**
 * The consumer-group side of the transfer. Offsets are committed by hand, per partition, right
 * after the batch handler resolved, never by kafkajs's timer: a crash or rebalance can then only
 * replay messages, and idempotent document ids make a replay harmless.
 */
export class KafkaSource implements Service {
  readonly name = 'kafka-source';
  private readonly consumer: Consumer;
  private readonly abort = new AbortController();

  constructor(private readonly options: KafkaSourceOptions) {
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      maxBytesPerPartition: options.maxBytesPerPartition,
      maxWaitTimeInMs: 250,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      // Topics are created by the agent under its configured policy, never as a side effect
      // of a consumer asking for metadata.
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const { logger } = options;
    this.consumer.on(this.consumer.events.REBALANCING, () => logger.info('consumer group rebalancing'));
    this.consumer.on(this.consumer.events.CRASH, (event) => logger.error('consumer crashed; kafkajs restarts it', { err: event.payload.error }));
  }

  /**
   * Returns at once and joins the group in the background: a topic that does not exist yet
   * (no agent has produced to it) or a broker that is down is waited for, with backoff, rather
   * than failing the worker.
   */
  async start(): Promise<void> {
    this.joining = this.joinWithRetry();
  }

  private joining: Promise<void> | undefined;

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
    const { logger, metrics } = this.options;
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
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.isEmpty()) return;
        metrics.messagesConsumed.inc({ topic: batch.topic }, batch.messages.length);
        await this.options.handleBatch(payload, this.abort.signal);
        if (payload.isStale()) return; // the partition moved to another worker during a rebalance
        const last = batch.lastOffset();
        payload.resolveOffset(last);
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
        await payload.heartbeat();
      },
    });
    this.joined = true;
    logger.info('consuming', { group: this.options.groupId, topics: this.options.topics.map(String) });
  }

  private joined = false;

  /** Stops fetching, lets the batches in flight finish (or abandons their retries), leaves the group. */
  readonly stop = onceStop(async () => {
    const timer = setTimeout(() => this.abort.abort(), this.options.drainTimeoutMs);
    try {
      if (!this.joined) this.abort.abort();
      await this.consumer.disconnect();
      await this.joining;
    } finally {
      clearTimeout(timer);
    }
  });
}
