// The benchmark's view of Kafka: topics made for one run, and how many messages (or lines) they hold.
import { createKafka, readTopicToEnd } from '@logpipe/kafka';

export class BenchKafka {
  constructor(brokers) {
    this.kafka = createKafka({ brokers, clientId: 'logpipe-bench' });
    this.admin = this.kafka.admin();
  }

  async connect() {
    await this.admin.brokerCount();
  }

  disconnect() {
    return this.admin.close();
  }

  /** Created up front, so no peer pays for topic creation inside its measured time. */
  async createTopic(topic, partitions) {
    await this.admin.createTopics([{ topic, partitions, replicationFactor: 1 }]);
  }

  async deleteTopic(topic) {
    await this.admin.deleteTopics([topic]).catch(() => undefined);
  }

  async count(topic) {
    const offsets = await this.admin.topicOffsets(topic);
    return offsets.reduce((sum, p) => sum + p.high - p.low, 0);
  }

  /**
   * Lines in a topic whose messages pack lines joined by '\n' (the agent's wire format v2):
   * reads every message up to the high watermarks, after the clock stopped.
   */
  async countLines(topic) {
    let lines = 0;
    await readTopicToEnd(this.kafka, topic, (_partition, { value }) => {
      let count = 1;
      for (let i = value.indexOf(10); i !== -1; i = value.indexOf(10, i + 1)) count++;
      lines += count;
    }, 120_000);
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
