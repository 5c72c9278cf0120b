import type { ConsumedRecord } from './group-consumer.js';
import type { Kafka } from './kafka.js';

/**
 * Reads every record a topic holds now, from its start up to each partition's end offset as it
 * was when the read began, with a throwaway consumer group that commits nothing: exactly what is
 * there, not "what arrived within a timeout". `visit` sees each partition's records in order.
 * For tests, benchmarks and tools; the transfer consumes with its own group.
 */
export async function readTopicToEnd(kafka: Kafka, topic: string, visit: (partition: number, record: ConsumedRecord) => void, timeoutMs = 60_000): Promise<void> {
  const admin = kafka.admin();
  const offsets = await admin.topicOffsets(topic).finally(() => admin.close());
  const remaining = new Map(offsets.filter((p) => p.high > p.low).map((p) => [p.partition, p.high]));
  if (remaining.size === 0) return;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = kafka.groupConsumer({
    groupId: `logpipe-reader-${topic}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    groupProtocol: 'classic',
    topics: [topic],
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1_000,
    maxBytesPerPartition: 16 * 1024 * 1024,
    minBytes: 1,
    maxWaitMs: 200,
    onBatch: ({ partition, records }) => {
      const high = remaining.get(partition);
      if (high === undefined) return;
      for (const record of records) {
        if (Number(record.offset) >= high) break;
        visit(partition, record);
      }
      if (Number(records.at(-1)?.offset ?? -1) >= high - 1) remaining.delete(partition);
      if (remaining.size === 0) done();
    },
    onRevoked: () => undefined,
    onAssigned: () => undefined,
    onError: () => undefined,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.start();
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading all of topic ${topic} took over ${timeoutMs / 1000} s; ${remaining.size} partition(s) unfinished`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await consumer.close();
  }
}
