import { createKafka, type KafkaAdmin as Admin, type PartitionOffsets } from '@logpipe/kafka';
import { Failure } from '../cli/errors.js';
import type { KafkaSettings } from './settings.js';

export type { PartitionOffsets } from '@logpipe/kafka';

/** A one-shot command fails fast: a few quick retries, not the apps' patient reconnects. */
const RETRY = { retries: 2, initialRetryTime: 300, maxRetryTime: 1000 };

/** The few admin calls logctl needs, with Kafka errors turned into a `Failure` that says what to check. */
export class KafkaAdmin {
  private readonly admin: Admin;

  private constructor(private readonly settings: KafkaSettings) {
    this.admin = createKafka(settings.connection, RETRY).admin();
  }

  /** Connects, so that a wrong address fails here, before any output. */
  static async connect(settings: KafkaSettings): Promise<KafkaAdmin> {
    const admin = new KafkaAdmin(settings);
    await admin.call('connecting', () => admin.admin.brokerCount());
    return admin;
  }

  async topics(): Promise<Set<string>> {
    return new Set(await this.call('listing topics', () => this.admin.listTopics()));
  }

  async endOffsets(topic: string): Promise<PartitionOffsets[]> {
    return this.call(`reading the offsets of ${topic}`, () => this.admin.topicOffsets(topic));
  }

  /** The group's committed offset per partition; partitions it never committed are absent. */
  async committedOffsets(group: string, topic: string): Promise<Map<number, number>> {
    const committed = await this.call(`reading the offsets group ${group} committed on ${topic}`, () => this.admin.committedOffsets(group, [topic]));
    return committed.get(topic) ?? new Map();
  }

  /**
   * Per topic, the consumer groups with a live member assigned some of its partitions: who
   * reads it now, whether or not it registered in etcd.
   */
  async consumingGroups(): Promise<Map<string, Set<string>>> {
    return this.call('listing consumer groups', () => this.admin.consumingGroups());
  }

  async disconnect(): Promise<void> {
    await this.admin.close();
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      const { connection, source } = this.settings;
      const cause = (err as Error).message.startsWith(what) ? (err as Error).message : `${what}: ${(err as Error).message}`;
      throw new Failure(`Kafka at ${connection.brokers.join(', ')} (from ${source}): ${cause}; check the brokers, or point logctl at them with --brokers, LOGCTL_KAFKA_BROKERS or --transfer-config`);
    }
  }
}
