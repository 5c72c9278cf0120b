import { Kafka, logLevel } from 'kafkajs';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';

export interface TopicMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'logpipe-tests', brokers: endpoints().kafkaBrokers, logLevel: logLevel.NOTHING });
}

/** How many messages the topic holds (sum of high watermarks minus low), 0 if it does not exist. */
export async function topicSize(kafka: Kafka, topic: string): Promise<number> {
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
 * Every message the topic holds right now, read with a throwaway consumer group from the start
 * up to each partition's high watermark: exactly what is there, not "what arrived within a
 * timeout".
 */
export async function readTopic(kafka: Kafka, topic: string): Promise<TopicMessage[]> {
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

/** Waits until the topic holds at least `count` messages, then returns all of them. */
export async function waitForTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 60_000): Promise<TopicMessage[]> {
  let size = 0;
  await waitFor(async () => (size = await topicSize(kafka, topic)) >= count || undefined, {
    what: `${count} messages in topic ${topic} (have ${size})`,
    timeoutMs,
    intervalMs: 250,
  }).catch((err: Error) => {
    throw new Error(`${err.message}; topic has ${size}`);
  });
  return readTopic(kafka, topic);
}

/** The agent events in a topic, decoded, in offset order per partition. */
export function decodeEvents(messages: TopicMessage[]): { message: string; id: string; offset: number; path: string; flags?: string[] }[] {
  return messages.map((m) => {
    const event = JSON.parse(m.value) as { message: string; event: { id: string }; log: { offset: number; file: { path: string }; flags?: string[] } };
    return { message: event.message, id: event.event.id, offset: event.log.offset, path: event.log.file.path, ...(event.log.flags ? { flags: event.log.flags } : {}) };
  });
}
