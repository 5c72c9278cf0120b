import type { KafkaAdmin, PartitionOffsets } from '../connect/kafka-admin.js';

export interface PartitionStatus {
  partition: number;
  low: number;
  high: number;
  /** The group's committed offset; null when it never committed on this partition. */
  committed: number | null;
  lag: number;
}

export interface TopicStatus {
  topic: string;
  exists: boolean;
  partitions: PartitionStatus[];
  /** Sum of the partitions' end offsets: every message ever written to the topic. */
  endOffset: number;
  /** Messages the group has not committed yet. */
  lag: number;
  /** End offsets' growth between the two samples, per second. */
  messagesPerSecond: number;
}

export type EndOffsets = Map<string, PartitionOffsets[] | undefined>;

/** Every topic's end offsets now; undefined for a topic that does not exist (yet). */
export async function sampleEndOffsets(admin: KafkaAdmin, topics: readonly string[]): Promise<EndOffsets> {
  const existing = await admin.topics();
  const samples: EndOffsets = new Map();
  for (const topic of topics) samples.set(topic, existing.has(topic) ? await admin.endOffsets(topic) : undefined);
  return samples;
}

/**
 * Lag as the transfer's `logtransfer_consumer_lag` counts it: end offset minus the group's
 * committed offset, or every retained message while the group committed nothing on a partition.
 */
export async function topicStatus(admin: KafkaAdmin, group: string, topic: string, first: PartitionOffsets[] | undefined, second: PartitionOffsets[] | undefined, seconds: number): Promise<TopicStatus> {
  if (!second) return { topic, exists: false, partitions: [], endOffset: 0, lag: 0, messagesPerSecond: 0 };
  const committed = await admin.committedOffsets(group, topic);
  const partitions = second.map(({ partition, low, high }): PartitionStatus => {
    const offset = committed.get(partition);
    return { partition, low, high, committed: offset ?? null, lag: Math.max(0, offset === undefined ? high - low : high - offset) };
  });
  const sum = (offsets: PartitionOffsets[] | undefined) => (offsets ?? []).reduce((total, p) => total + p.high, 0);
  const endOffset = sum(second);
  return {
    topic,
    exists: true,
    partitions,
    endOffset,
    lag: partitions.reduce((total, p) => total + p.lag, 0),
    messagesPerSecond: first && seconds > 0 ? Math.max(0, endOffset - sum(first)) / seconds : 0,
  };
}
