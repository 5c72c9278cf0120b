import { toKafkaAdapterError, type Kafka, type KafkaAdmin } from '@logpipe/kafka';
import { onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { TransferMetrics } from '../transfer-metrics.js';
import type { TopicSelector } from './topic-selector.js';

export interface ConsumerLagOptions {
  kafka: Kafka;
  groupId: string;
  /** The source's topics: names, and regular expressions over topic names. */
  topics: TopicSelector;
  metrics: TransferMetrics;
  logger: Logger;
  intervalMs?: number;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

/**
 * Refreshes `logtransfer_consumer_lag` on an interval with the admin client: per partition, the
 * end offset minus the group's committed offset. It measures the group, not this worker, so it
 * also shows the partitions nobody consumes (a dead worker's, until the group rebalances), and
 * every worker reports the same numbers: aggregate with max(), not sum().
 */
export class ConsumerLagMonitor implements Service {
  readonly name = 'consumer-lag';
  private readonly abort = new AbortController();
  private readonly admin: KafkaAdmin;
  private loop: Promise<void> | undefined;
  private lastFailure: string | undefined;

  constructor(private readonly options: ConsumerLagOptions) {
    this.admin = options.kafka.admin();
  }

  /** Returns at once: a Kafka that is down delays the metric, never the transfer. */
  async start(): Promise<void> {
    this.loop = this.run();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await this.loop;
    await this.admin.close();
  });

  private async run(): Promise<void> {
    const { metrics, logger, intervalMs = 5000 } = this.options;
    while (!this.abort.signal.aborted) {
      try {
        const lags = await this.measure();
        // Reset and set in one synchronous step, so a scrape never sees half a refresh, and
        // partitions of deleted topics disappear.
        metrics.consumerLag.reset();
        for (const { topic, partition, lag } of lags) metrics.consumerLag.set({ topic, partition: String(partition) }, lag);
        this.lastFailure = undefined;
      } catch (err) {
        const message = (err as Error).message;
        // Once per distinct failure: a Kafka outage would otherwise log every interval.
        if (message !== this.lastFailure) logger.warn('cannot measure the consumer lag; keeping the last values', { err });
        this.lastFailure = message;
      }
      await sleep(intervalMs, this.abort.signal);
    }
  }

  /** The group's lag on every partition of the topics it consumes. */
  async measure(): Promise<PartitionLag[]> {
    try {
      const topics = await this.resolveTopics();
      if (topics.length === 0) return [];
      const committed = await this.admin.committedOffsets(this.options.groupId, topics);
      const lags: PartitionLag[] = [];
      for (const topic of topics) {
        const ends = await this.admin.topicOffsets(topic);
        const offsets = committed.get(topic);
        for (const { partition, high, low } of ends) {
          // Nothing committed yet: the group starts from the beginning, so all retained messages are behind.
          const position = offsets?.get(partition) ?? low;
          lags.push({ topic, partition, lag: Math.max(0, high - position) });
        }
      }
      return lags;
    } catch (err) {
      throw toKafkaAdapterError(err, `measuring the lag of group ${this.options.groupId}`);
    }
  }

  private async resolveTopics(): Promise<string[]> {
    return this.options.topics.select(await this.admin.listTopics());
  }
}
