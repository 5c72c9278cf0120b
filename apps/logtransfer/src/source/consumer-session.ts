import type { Consumer, Kafka } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import type { TransferMetrics } from '../transfer-metrics.js';
import { InFlightBatches } from './in-flight-batches.js';

/**
 * A dead worker's partitions wait this long for a new owner. It need not cover a slow
 * Elasticsearch: BatchLease heartbeats while a batch is retried.
 */
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;

export interface SessionOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  maxBytesPerPartition: number;
  /** Kafka holds a fetch until this many bytes are there or `fetchMaxWaitMs` passed (`[bulk] flush_bytes` and `flush_interval`). */
  fetchMinBytes: number;
  fetchMaxWaitMs: number;
  batchesInFlight: number;
  logger: Logger;
  metrics: TransferMetrics;
  /** A batch failed: its partition must be read again (see InFlightBatches). */
  onBatchFailure: (topic: string, partition: number, err: unknown) => void;
  /** kafkajs gave up on the consumer for good. */
  onFatalCrash: (err: Error) => void;
}

/**
 * One kafkajs consumer of the group, and the batches it handed off to indexing. The source
 * replaces it whenever the topics to consume change; a rebalance or crash within it makes every
 * batch in flight uncommittable, because its partitions may have moved.
 */
export class ConsumerSession {
  readonly consumer: Consumer;
  readonly batches: InFlightBatches;
  readonly topics: string[];
  private retiring: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    const { kafka, groupId, logger, metrics } = options;
    this.topics = options.topics;
    this.consumer = kafka.consumer({
      groupId,
      maxBytesPerPartition: options.maxBytesPerPartition,
      minBytes: options.fetchMinBytes,
      maxWaitTimeInMs: options.fetchMaxWaitMs,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      // Topics are created by the agent under its configured policy, never as a side effect
      // of a consumer asking for metadata.
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    });
    const batches = new InFlightBatches({ limit: options.batchesInFlight, logger, onFailure: options.onBatchFailure });
    this.batches = batches;
    const { events } = this.consumer;
    this.consumer.on(events.REBALANCING, () => {
      batches.invalidate();
      logger.info('consumer group rebalancing');
    });
    this.consumer.on(events.GROUP_JOIN, ({ payload }) => {
      batches.invalidate();
      const partitions = Object.values(payload.memberAssignment).reduce((sum, list) => sum + list.length, 0);
      metrics.rebalances.inc();
      metrics.partitionsAssigned.set(partitions);
      logger.info('joined the consumer group', { group: payload.groupId, memberId: payload.memberId, partitions, assignment: payload.memberAssignment });
    });
    this.consumer.on(events.CRASH, ({ payload }) => {
      batches.invalidate();
      if (payload.restart) {
        logger.warn('consumer crashed; kafkajs restarts it', { err: payload.error });
        return;
      }
      metrics.partitionsAssigned.set(0);
      logger.error('consumer crashed and will not restart; restart the transfer, after fixing the cause below', { err: payload.error });
      options.onFatalCrash(payload.error);
    });
  }

  /**
   * Stops the consumer the careful way: no more batches are handed off, fetching pauses, the
   * batches in flight finish and commit, then it leaves the group. Concurrent callers share it.
   */
  retire(): Promise<void> {
    this.retiring ??= (async () => {
      this.batches.close();
      try {
        this.consumer.pause(this.topics.map((topic) => ({ topic })));
      } catch {
        // not running (yet): nothing is being fetched
      }
      await this.batches.drain();
      await this.consumer.disconnect();
    })();
    return this.retiring;
  }
}
