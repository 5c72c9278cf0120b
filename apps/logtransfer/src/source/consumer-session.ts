import type { GroupConsumer, Kafka, PartitionBatch } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import type { TransferMetrics } from '../transfer-metrics.js';
import { InFlightBatches } from './in-flight-batches.js';

/**
 * A dead worker's partitions wait this long for a new owner. It need not cover a slow
 * Elasticsearch: the client heartbeats on its own timer, whatever a batch waits for.
 */
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 3_000;

export interface SessionOptions {
  kafka: Kafka;
  groupId: string;
  groupProtocol: 'classic' | 'consumer';
  topics: string[];
  maxBytesPerPartition: number;
  /** Kafka holds a fetch until this many bytes are there or `fetchMaxWaitMs` passed (`[bulk] flush_bytes` and `flush_interval`). */
  fetchMinBytes: number;
  fetchMaxWaitMs: number;
  batchesInFlight: number;
  logger: Logger;
  metrics: TransferMetrics;
  /** A fetched batch, handed over at once (see KafkaSource.consumeBatch). */
  onBatch: (session: ConsumerSession, batch: PartitionBatch) => void;
  /** A batch failed: its partition must be read again (see InFlightBatches). */
  onBatchFailure: (topic: string, partition: number, err: unknown) => void;
  /** The brokers refused this worker (credentials, ACLs), or accepted it again (undefined). */
  onDenied: (err: Error | undefined) => void;
}

/**
 * One member of the group, and the batches it handed off to indexing. The source replaces it
 * whenever the topics to consume change. A rebalance makes every batch in flight
 * uncommittable, because its partitions may have moved; the consumer then reads on from the
 * committed offsets. Fetching pauses while `batchesInFlight` batches are being indexed.
 */
export class ConsumerSession {
  readonly consumer: GroupConsumer;
  readonly batches: InFlightBatches;
  readonly topics: string[];
  private retiring: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    const { kafka, groupId, logger, metrics } = options;
    this.topics = options.topics;
    const batches = new InFlightBatches({
      limit: options.batchesInFlight,
      logger,
      onFailure: options.onBatchFailure,
      onRoom: () => this.consumer.resume(),
    });
    this.batches = batches;
    this.consumer = kafka.groupConsumer({
      groupId,
      groupProtocol: options.groupProtocol,
      topics: options.topics,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
      maxBytesPerPartition: options.maxBytesPerPartition,
      minBytes: options.fetchMinBytes,
      maxWaitMs: options.fetchMaxWaitMs,
      onBatch: (batch) => {
        options.onBatch(this, batch);
        if (batches.full) this.consumer.pause();
      },
      onRevoked: (reason) => {
        batches.invalidate();
        logger.info('partitions revoked; their batches in flight will not be committed', { reason });
      },
      onAssigned: (assignment) => {
        const partitions = assignment.reduce((sum, { partitions: list }) => sum + list.length, 0);
        metrics.rebalances.inc();
        metrics.partitionsAssigned.set(partitions);
        options.onDenied(undefined);
        logger.info('joined the consumer group', { group: groupId, partitions, assignment: Object.fromEntries(assignment.map(({ topic, partitions: list }) => [topic, list])) });
      },
      onError: (err) => {
        logger[err.denied ? 'error' : 'warn']('fetching failed; reading on from the committed offsets', { err });
        if (err.denied) options.onDenied(err);
      },
    });
  }

  /**
   * Stops the consumer the careful way: no more batches are handed off, fetching pauses, the
   * batches in flight finish and commit, then it leaves the group. Concurrent callers share it.
   */
  retire(): Promise<void> {
    this.retiring ??= (async () => {
      this.batches.close();
      this.consumer.pause();
      await this.batches.drain();
      await this.consumer.close();
    })();
    return this.retiring;
  }
}
