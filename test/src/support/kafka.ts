import { unpackMessage } from '@logpipe/event';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { createKafka, readTopicToEnd, type Compression, type ConsumedRecord, type Kafka } from '@logpipe/kafka';

/**
 * One event of a topic: a whole Kafka message, or for an agent message that packs several events
 * (wire format v2) one of them, with the partition and offset of the message that carries it.
 */
export interface TopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

/** A message a test produces itself, as another producer would. */
export interface TestMessage {
  key?: string | Buffer | null;
  value: string | Buffer;
  partition?: number;
  headers?: Record<string, string>;
  /** Milliseconds since the epoch, as a string. */
  timestamp?: string;
}

export function testKafka(): Kafka {
  return createKafka({ brokers: endpoints().kafkaBrokers, clientId: 'logpipe-tests' });
}

/** Produces the messages (acks from all replicas) with a producer of its own, then closes it. */
export async function produce(kafka: Kafka, topic: string, messages: readonly TestMessage[], compression: Compression = 'none'): Promise<void> {
  const producer = kafka.producer({ idempotent: false, compression });
  try {
    await producer.send(
      messages.map(({ key, value, partition, headers, timestamp }) => ({
        topic,
        key: key === undefined || key === null ? undefined : Buffer.from(key),
        value: Buffer.from(value),
        partition,
        headers: headers ? new Map(Object.entries(headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) : undefined,
        timestamp: timestamp === undefined ? undefined : BigInt(timestamp),
      })),
    );
  } finally {
    await producer.close();
  }
}

/** Creates the topics (replication factor 1), waiting for their leaders. */
export async function createTopics(kafka: Kafka, topics: readonly string[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.createTopics(topics.map((topic) => ({ topic, partitions, replicationFactor: 1 })));
  } finally {
    await admin.close();
  }
}

/**
 * How many events (lines) the topic holds: each event of a packed agent message counts, so tests
 * keep counting lines however the agent packs them. Reads the topic when it holds any message.
 */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
  if ((await topicMessageCount(kafka, topic)) === 0) return 0;
  return (await readTopic(kafka, topic)).length;
}

/** How many Kafka messages the topic holds (sum of high watermarks minus low), 0 if it does not exist. */
export async function topicMessageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.topicOffsets(topic);
    return offsets.reduce((sum, p) => sum + p.high - p.low, 0);
  } finally {
    await admin.close();
  }
}

/**
 * Every event the topic holds right now, in offset order per partition, a packed agent message
 * split into its events (see `readTopicMessages` for the messages as they are).
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicMessage[]> {
  return (await readTopicMessages(kafka, topic)).flatMap((m) => unpackMessage(m.value).map(({ text }) => ({ ...m, value: text })));
}

/**
 * Every message the topic holds right now, read with a throwaway consumer group from the start
 * up to each partition's high watermark: exactly what is there, not "what arrived within a
 * timeout".
 */
export async function readTopicMessages(kafka: Kafka, topic: string): Promise<TopicMessage[]> {
  return (await readTopicRecords(kafka, topic)).map(({ partition, record }) => ({
    partition,
    offset: record.offset,
    key: record.key?.toString() ?? null,
    value: record.value?.toString() ?? '',
  }));
}

/** `readTopicMessages` with each record as consumed (bytes, headers), in offset order per partition. */
export async function readTopicRecords(kafka: Kafka, topic: string): Promise<{ partition: number; record: ConsumedRecord }[]> {
  const byPartition = new Map<number, ConsumedRecord[]>();
  await readTopicToEnd(kafka, topic, (partition, record) => (byPartition.get(partition) ?? byPartition.set(partition, []).get(partition)!).push(record));
  return [...byPartition.keys()].sort((a, b) => a - b).flatMap((partition) => byPartition.get(partition)!.map((record) => ({ partition, record })));
}

/**
 * Waits until the topic holds at least `count` events, then returns all of them. The topic is
 * read again only when it holds more messages than at the last read.
 */
export async function waitForTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 60_000): Promise<TopicMessage[]> {
  let messages = 0;
  let events: TopicMessage[] = [];
  await waitFor(
    async () => {
      const now = await topicMessageCount(kafka, topic);
      if (now === messages) return undefined;
      messages = now;
      events = await readTopic(kafka, topic);
      return events.length >= count || undefined;
    },
    { what: `${count} events in topic ${topic}`, timeoutMs, intervalMs: 250 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; topic has ${events.length} events in ${messages} messages`);
  });
  return events;
}

/** The agent events in a topic (as `readTopic` returns them, one per event), decoded, in offset order per partition. */
export function decodeEvents(messages: TopicMessage[]): { message: string; id: string; offset: number; path: string; flags?: string[] }[] {
  return messages.map((m) => {
    const event = JSON.parse(m.value) as { message: string; event: { id: string }; log: { offset: number; file: { path: string }; flags?: string[] } };
    return { message: event.message, id: event.event.id, offset: event.log.offset, path: event.log.file.path, ...(event.log.flags ? { flags: event.log.flags } : {}) };
  });
}
