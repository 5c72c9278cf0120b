import { Kafka, logLevel } from 'kafkajs';
import { unpackMessage } from '@logpipe/event';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { ignoreKafkajsNegativeTimeouts } from '@logpipe/kafka';

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

export function testKafka(): Kafka {
  ignoreKafkajsNegativeTimeouts();
  return new Kafka({ clientId: 'logpipe-tests', brokers: endpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
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
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
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
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const messages: TopicMessage[] = [];
  if (remaining.size === 0) return messages;
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Date.now()}-${Math.random()}`, maxBytesPerPartition: 16 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const high = remaining.get(batch.partition);
        if (high === undefined) return;
        for (const m of batch.messages) {
          if (Number(m.offset) >= high) break;
          messages.push({ partition: batch.partition, offset: m.offset, key: m.key?.toString() ?? null, value: m.value?.toString() ?? '' });
        }
        if (Number(batch.lastOffset()) >= high - 1) remaining.delete(batch.partition);
        if (remaining.size === 0) done();
      },
    });
    await waitFor(() => finished.then(() => true), { what: `reading all of topic ${topic}`, timeoutMs: 60_000 });
  } finally {
    await consumer.disconnect();
  }
  return messages;
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
