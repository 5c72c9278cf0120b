import {
  CompressionTypes,
  ensureTopics,
  toKafkaAdapterError,
  type Admin,
  type Kafka,
  type Producer,
  type TopicMessages,
  type TopicPolicy,
} from '@logpipe/kafka';
import { keyPartitioner } from './key-partitioner.js';

export interface ProducerSessionOptions {
  kafka: Kafka;
  compression: 'gzip' | 'none';
  topicPolicy: TopicPolicy;
}

/**
 * The idempotent producer (and the admin client that creates topics) behind the shipper. It
 * connects on first use and again after a failed connect, and it replaces the producer when an
 * error says the broker will not accept it any more (see `KafkaAdapterError.recreateProducer`),
 * which kafkajs never does by itself. Every error leaves here as a `KafkaAdapterError`.
 *
 * Sending the same batch again after a failure is safe with the same producer: kafkajs rolls
 * its sequence numbers back on a failed request, so the retry carries the numbers of the first
 * attempt and the broker drops what it already wrote. A new producer starts new sequences, so
 * it may write such a batch twice, with the same event ids.
 */
export class ProducerSession {
  private producer: Producer | undefined;
  private connected = false;
  private readonly admin: Admin;
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: ProducerSessionOptions) {
    this.admin = options.kafka.admin();
  }

  /** Connects the producer if it is not connected yet. */
  async connect(): Promise<void> {
    const producer = (this.producer ??= this.options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // kafkajs's default partitioner, faster; naming one also stops kafkajs warning on every start.
      createPartitioner: keyPartitioner,
    }));
    if (this.connected) return;
    try {
      await producer.connect();
    } catch (err) {
      throw toKafkaAdapterError(err, 'connecting to Kafka');
    }
    this.connected = true;
  }

  /** Produces one batch with acks from all in-sync replicas; resolves once Kafka has it all. */
  async send(topicMessages: TopicMessages[]): Promise<void> {
    try {
      await this.ensureTopics(topicMessages.map(({ topic }) => topic));
      await this.connect();
      await this.producer!.sendBatch({
        acks: -1,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        topicMessages,
      });
    } catch (err) {
      const error = toKafkaAdapterError(err, 'producing to Kafka');
      // A topic deleted meanwhile is created again on the next attempt.
      this.knownTopics.clear();
      if (error.recreateProducer) await this.discardProducer();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.discardProducer(), this.admin.disconnect()]);
  }

  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    await ensureTopics(this.admin, missing, this.options.topicPolicy);
    for (const topic of missing) this.knownTopics.add(topic);
  }

  private async discardProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connected = false;
    await producer?.disconnect().catch(() => undefined);
  }
}
