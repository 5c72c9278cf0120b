import {
  ensureTopics,
  toKafkaAdapterError,
  type Compression,
  type Kafka,
  type KafkaAdmin,
  type KafkaProducer,
  type OutgoingRecord,
  type TopicPolicy,
} from '@logpipe/kafka';
import type { BatchSender } from './batch-sender.js';

export interface ProducerSessionOptions {
  kafka: Kafka;
  compression: Compression;
  /** zlib level of gzip; zlib's default when undefined. */
  gzipLevel?: number | undefined;
  topicPolicy: TopicPolicy;
}

/**
 * The idempotent producer (and the admin client that creates topics) behind the shipper. It
 * replaces the producer when an error says it cannot send any more (see
 * `KafkaAdapterError.recreateProducer`). Every error leaves here as a `KafkaAdapterError`.
 *
 * Sending the same batch again after a failure may write part of it twice (a request that
 * spans several partitions is not atomic, and the client starts a new producer id after a
 * failed send), always with the same event ids, which the transfer turns into one document.
 */
export class ProducerSession implements BatchSender {
  private producer: KafkaProducer | undefined;
  private readonly admin: KafkaAdmin;
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: ProducerSessionOptions) {
    this.admin = options.kafka.admin();
  }

  /** Resolves once a broker answered. */
  async connect(): Promise<void> {
    await this.current().connect();
  }

  /** Produces one batch with acks from all in-sync replicas; resolves once Kafka has it all. */
  async send(records: OutgoingRecord[], topics: Iterable<string>): Promise<void> {
    try {
      await this.ensureTopics([...topics]);
      await this.current().send(records);
    } catch (err) {
      const error = toKafkaAdapterError(err, 'producing to Kafka');
      // A topic deleted meanwhile is created again on the next attempt.
      this.knownTopics.clear();
      if (error.recreateProducer) await this.discardProducer();
      throw error;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.discardProducer(), this.admin.close()]);
  }

  private current(): KafkaProducer {
    const { kafka, compression, gzipLevel } = this.options;
    return (this.producer ??= kafka.producer({ idempotent: true, compression, gzipLevel }));
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
    await producer?.close();
  }
}
