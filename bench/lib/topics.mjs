// The benchmark's view of Kafka: topics made for one run, and how many messages (or lines) they hold.
import { Kafka, logLevel } from 'kafkajs';

export class BenchKafka {
  constructor(brokers) {
    this.kafka = new Kafka({ clientId: 'logpipe-bench', brokers, logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
  }

  connect() {
    return this.admin.connect();
  }

  disconnect() {
    return this.admin.disconnect();
  }

  /** Created up front, so no peer pays for topic creation inside its measured time. */
  async createTopic(topic, partitions) {
    await this.admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  }

  async deleteTopic(topic) {
    await this.admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  }

  async count(topic) {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }

  /**
   * Lines in a topic whose messages pack lines joined by '\n' (the agent's wire format v2):
   * reads every message up to the high watermarks, after the clock stopped.
   */
  async countLines(topic) {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    const remaining = new Map(offsets.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
    let lines = 0;
    if (remaining.size === 0) return 0;
    const consumer = this.kafka.consumer({ groupId: `bench-count-${topic}-${Date.now()}`, maxBytesPerPartition: 16 * 1024 * 1024 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`reading ${topic} took over 120 s`)), 120_000);
        consumer
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const high = remaining.get(batch.partition);
              if (high === undefined) return;
              for (const m of batch.messages) {
                if (Number(m.offset) >= high) break;
                let count = 1;
                for (let i = m.value.indexOf(10); i !== -1; i = m.value.indexOf(10, i + 1)) count++;
                lines += count;
              }
              if (Number(batch.lastOffset()) >= high - 1) remaining.delete(batch.partition);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return lines;
  }

  /**
   * Polls every `intervalMs` until the topic holds `count` messages; resolves with the time it
   * saw them (at most one poll late, which is noise next to runs of several seconds).
   */
  async waitForCount(topic, count, timeoutMs, intervalMs = 50) {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      seen = await this.count(topic);
      if (seen >= count) return Date.now();
      if (Date.now() > deadline) throw new Error(`topic ${topic} holds ${seen} of ${count} messages after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
