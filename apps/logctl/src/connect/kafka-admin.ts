import { AssignerProtocol, createKafka, toKafkaAdapterError, type Admin } from '@logpipe/kafka';
import type { Logger } from '@logpipe/runtime';
import { Failure } from '../cli/errors.js';
import type { KafkaSettings } from './settings.js';

/** A one-shot command fails fast: a few quick retries, not the apps' patient reconnects. */
const RETRY = { retries: 2, initialRetryTime: 300, maxRetryTime: 1000 };

/** kafkajs logs through this; what matters reaches the caller as an error, so nothing is printed. */
const QUIET: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => QUIET };

export interface PartitionOffsets {
  partition: number;
  /** The oldest offset still retained. */
  low: number;
  /** The end offset: the next message written gets this offset. */
  high: number;
}

/** The few admin calls logctl needs, with kafkajs errors turned into a `Failure` that says what to check. */
export class KafkaAdmin {
  private readonly admin: Admin;

  private constructor(private readonly settings: KafkaSettings) {
    this.admin = createKafka(settings.connection, QUIET, RETRY).admin();
  }

  static async connect(settings: KafkaSettings): Promise<KafkaAdmin> {
    const admin = new KafkaAdmin(settings);
    await admin.call('connecting', () => admin.admin.connect());
    return admin;
  }

  async topics(): Promise<Set<string>> {
    return new Set(await this.call('listing topics', () => this.admin.listTopics()));
  }

  async endOffsets(topic: string): Promise<PartitionOffsets[]> {
    const offsets = await this.call(`reading the offsets of ${topic}`, () => this.admin.fetchTopicOffsets(topic));
    return offsets.map((p) => ({ partition: p.partition, low: Number(p.low), high: Number(p.high) })).sort((a, b) => a.partition - b.partition);
  }

  /** The group's committed offset per partition; partitions it never committed are absent. */
  async committedOffsets(group: string, topic: string): Promise<Map<number, number>> {
    const [result] = await this.call(`reading the offsets group ${group} committed on ${topic}`, () => this.admin.fetchOffsets({ groupId: group, topics: [topic] }));
    const committed = new Map<number, number>();
    for (const p of result?.partitions ?? []) if (Number(p.offset) >= 0) committed.set(p.partition, Number(p.offset));
    return committed;
  }

  /**
   * Per topic, the consumer groups with a live member assigned some of its partitions: who
   * reads it now, whether or not it registered in etcd. Groups that are empty or rebalancing
   * hold no assignment and count for nothing.
   */
  async consumingGroups(): Promise<Map<string, Set<string>>> {
    const { groups } = await this.call('listing consumer groups', () => this.admin.listGroups());
    const consumerGroups = groups.filter((g) => g.protocolType === 'consumer').map((g) => g.groupId);
    const byTopic = new Map<string, Set<string>>();
    if (consumerGroups.length === 0) return byTopic;
    const described = await this.call('describing consumer groups', () => this.admin.describeGroups(consumerGroups));
    for (const group of described.groups) {
      for (const member of group.members) {
        const decoded = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
        for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) {
          if (partitions.length === 0) continue;
          (byTopic.get(topic) ?? byTopic.set(topic, new Set()).get(topic)!).add(group.groupId);
        }
      }
    }
    return byTopic;
  }

  async disconnect(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      const { connection, source } = this.settings;
      const cause = toKafkaAdapterError(err, what);
      throw new Failure(`Kafka at ${connection.brokers.join(', ')} (from ${source}): ${cause.message}; check the brokers, or point logctl at them with --brokers, LOGCTL_KAFKA_BROKERS or --transfer-config`);
    }
  }
}
