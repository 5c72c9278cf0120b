// The benchmark's view of Kafka: topics made for one run, and how many messages they hold.
import { Kafka, logLevel } from 'kafkajs';

export class BenchKafka {
  constructor(brokers) {
    this.admin = new Kafka({ clientId: 'logpipe-bench', brokers, logLevel: logLevel.NOTHING }).admin();
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
