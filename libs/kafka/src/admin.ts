import { AclOperations, AclPermissionTypes, Admin, ListOffsetTimestamps, ResourcePatternTypes, ResourceTypes } from '@platformatic/kafka';
import { fromClientAcl, toClientAcl, type AclBinding } from './acls.js';
import { clientOptions, DEFAULT_RETRY, type KafkaConnection, type KafkaRetry } from './client.js';
import { explainKafkaError } from './explain-error.js';

export interface PartitionOffsets {
  partition: number;
  /** The oldest offset still retained. */
  low: number;
  /** The end offset: the next message written gets this offset. */
  high: number;
}

export interface PartitionReplicas {
  partition: number;
  /** -1 while the partition has no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface NewTopic {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/** How long a topic just created may take to have a leader on every partition. */
const LEADERS_TIMEOUT_MS = 15_000;

/**
 * The cluster operations the project needs (topics, offsets, groups), in its own terms: numbers
 * for offsets, plain maps, and `KafkaAdapterError`s that say what was being done.
 */
export class KafkaAdmin {
  private readonly admin: Admin;

  constructor(
    private readonly connection: KafkaConnection,
    retry: KafkaRetry = DEFAULT_RETRY,
  ) {
    this.admin = new Admin(clientOptions(connection, retry, 'admin'));
  }

  /** How many brokers the cluster says it has (at least one once a broker answered). */
  async brokerCount(): Promise<number> {
    const metadata = await this.call('reading the cluster metadata', () => this.admin.metadata({ topics: [], forceUpdate: true }));
    return metadata.brokers.size;
  }

  async listTopics(): Promise<string[]> {
    return this.call('listing topics', () => this.admin.listTopics());
  }

  /** Creates the topics, with `configs` (topic settings) for all, and returns once each of their partitions has a leader. */
  async createTopics(topics: readonly NewTopic[], configs: Readonly<Record<string, string>> = {}): Promise<void> {
    if (topics.length === 0) return;
    const names = topics.map((t) => t.topic);
    await this.call(`creating topics ${names.join(', ')}`, async () => {
      await this.admin.createTopics({
        topics: topics.map(({ topic, partitions, replicationFactor }) => ({ topic, partitions, replicas: replicationFactor })),
        configs: Object.entries(configs).map(([name, value]) => ({ name, value })),
      });
      const deadline = Date.now() + LEADERS_TIMEOUT_MS;
      while (!(await this.haveLeaders(names))) {
        if (Date.now() > deadline) throw new Error(`their partitions have no leader after ${LEADERS_TIMEOUT_MS / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  /** Per partition of `topic`: its leader, its replicas and the replicas in sync (broker ids). */
  async partitionReplicas(topic: string): Promise<PartitionReplicas[]> {
    const metadata = await this.call(`reading the metadata of ${topic}`, () => this.admin.metadata({ topics: [topic], forceUpdate: true }));
    const partitions = metadata.topics.get(topic)?.partitions ?? [];
    return partitions.map((p, partition) => ({ partition, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr] }));
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    await this.call(`deleting topics ${topics.join(', ')}`, () => this.admin.deleteTopics({ topics: [...topics] }));
  }

  /** Partitions per topic, for the topics that exist. */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const existing = new Set(await this.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length === 0) return new Map();
    const metadata = await this.call(`reading the metadata of ${present.join(', ')}`, () => this.admin.metadata({ topics: present, forceUpdate: true }));
    return new Map([...metadata.topics].map(([name, topic]) => [name, topic.partitionsCount]));
  }

  /** Each partition's oldest retained offset and end offset, sorted by partition. */
  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    return this.call(`reading the offsets of ${topic}`, async () => {
      const metadata = await this.admin.metadata({ topics: [topic], forceUpdate: true });
      const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
      const partitions = Array.from({ length: count }, (_, i) => i);
      const list = async (timestamp: bigint) => {
        const [listed] = await this.admin.listOffsets({ topics: [{ name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) }] });
        return new Map(listed?.partitions.map((p) => [p.partitionIndex, Number(p.offset)]));
      };
      const [low, high] = await Promise.all([list(ListOffsetTimestamps.EARLIEST), list(ListOffsetTimestamps.LATEST)]);
      return partitions.map((partition) => ({ partition, low: low.get(partition) ?? 0, high: high.get(partition) ?? 0 }));
    });
  }

  /** Bytes the topic takes in the brokers' logs (every replica counted), as the brokers report them. */
  async topicBytes(topic: string): Promise<number> {
    const counts = await this.partitionCounts([topic]);
    const partitions = Array.from({ length: counts.get(topic) ?? 0 }, (_, i) => i);
    const brokers = await this.call(`reading the log size of ${topic}`, () => this.admin.describeLogDirs({ topics: [{ name: topic, partitions }] }));
    let bytes = 0;
    for (const { results } of brokers) for (const dir of results) for (const t of dir.topics) if (t.name === topic) for (const p of t.partitions) bytes += Number(p.partitionSize);
    return bytes;
  }

  /** Per topic, the group's committed offset per partition; partitions it never committed are absent. */
  async committedOffsets(group: string, topics: readonly string[]): Promise<Map<string, Map<number, number>>> {
    const result = new Map<string, Map<number, number>>(topics.map((t) => [t, new Map()]));
    if (topics.length === 0) return result;
    const counts = await this.partitionCounts(topics);
    const asked = [...counts].map(([name, count]) => ({ name, partitionIndexes: Array.from({ length: count }, (_, i) => i) }));
    if (asked.length === 0) return result;
    const [listed] = await this.call(`reading the offsets group ${group} committed`, () => this.admin.listConsumerGroupOffsets({ groups: [{ groupId: group, topics: asked }] }));
    for (const topic of listed?.topics ?? []) {
      const partitions = result.get(topic.name) ?? new Map<number, number>();
      for (const p of topic.partitions) if (p.committedOffset >= 0n) partitions.set(p.partitionIndex, Number(p.committedOffset));
      result.set(topic.name, partitions);
    }
    return result;
  }

  /** Moves a group's committed offsets (the group must have no live member). */
  async setGroupOffsets(group: string, topic: string, offsets: readonly { partition: number; offset: number }[]): Promise<void> {
    await this.call(`setting the offsets of group ${group} on ${topic}`, () =>
      this.admin.alterConsumerGroupOffsets({ groupId: group, topics: [{ name: topic, partitionOffsets: offsets.map(({ partition, offset }) => ({ partition, offset: BigInt(offset) })) }] }),
    );
  }

  /** The group's state as the broker names it (`Stable`, `Empty`, `Dead`...) and its live members. */
  async describeGroup(group: string): Promise<{ state: string; members: number }> {
    const described = await this.call(`describing group ${group}`, () => this.admin.describeGroups({ groups: [group] }));
    const found = described.get(group);
    return { state: found?.state ?? 'Dead', members: found?.members.size ?? 0 };
  }

  /** The ids of the groups whose id starts with `prefix`. */
  async listGroups(prefix = ''): Promise<string[]> {
    const listed = await this.call('listing groups', () => this.admin.listGroups());
    return [...listed.keys()].filter((id) => id.startsWith(prefix));
  }

  async deleteGroups(groups: readonly string[]): Promise<void> {
    if (groups.length === 0) return;
    await this.call(`deleting groups ${groups.join(', ')}`, () => this.admin.deleteGroups({ groups: [...groups] }));
  }

  /**
   * Per topic, the consumer groups with a live member assigned some of its partitions: who
   * reads it now. Groups that are empty or rebalancing hold no assignment and count for nothing.
   */
  async consumingGroups(): Promise<Map<string, Set<string>>> {
    const listed = await this.call('listing consumer groups', () => this.admin.listGroups());
    const groups = [...listed.values()].filter((g) => g.protocolType === 'consumer' || g.groupType === 'consumer').map((g) => g.id);
    const byTopic = new Map<string, Set<string>>();
    if (groups.length === 0) return byTopic;
    const described = await this.call('describing consumer groups', () => this.admin.describeGroups({ groups }));
    for (const group of described.values()) {
      for (const member of group.members.values()) {
        for (const { topic, partitions } of member.assignments?.values() ?? []) {
          if (partitions.length === 0) continue;
          (byTopic.get(topic) ?? byTopic.set(topic, new Set()).get(topic)!).add(group.id);
        }
      }
    }
    return byTopic;
  }

  /** Adds the ACLs (an ACL that exists already is no error). Needs ALTER on the cluster. */
  async createAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    await this.call(`creating ${bindings.length} ACLs`, () => this.admin.createAcls({ creations: bindings.map(toClientAcl) }));
  }

  /** Removes exactly these ACLs. */
  async deleteAcls(bindings: readonly AclBinding[]): Promise<void> {
    if (bindings.length === 0) return;
    await this.call(`deleting ${bindings.length} ACLs`, () => this.admin.deleteAcls({ filters: bindings.map(toClientAcl) }));
  }

  /** Every ACL of `principal` (`User:logagent`), whatever its resource. */
  async describeAcls(principal: string): Promise<AclBinding[]> {
    const resources = await this.call(`reading the ACLs of ${principal}`, () =>
      this.admin.describeAcls({
        filter: {
          resourceType: ResourceTypes.ANY,
          resourceName: null,
          resourcePatternType: ResourcePatternTypes.ANY,
          principal,
          host: null,
          operation: AclOperations.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      }),
    );
    return resources.flatMap(({ acls, ...target }) => acls.map((acl) => fromClientAcl({ ...target, ...acl })).filter((b): b is AclBinding => b !== undefined));
  }

  async close(): Promise<void> {
    await this.admin.close().catch(() => undefined);
  }

  private async haveLeaders(topics: readonly string[]): Promise<boolean> {
    const metadata = await this.admin.metadata({ topics: [...topics], forceUpdate: true }).catch(() => undefined);
    if (!metadata) return false;
    return topics.every((name) => {
      const topic = metadata.topics.get(name);
      return topic !== undefined && topic.partitions.length > 0 && topic.partitions.every((p) => p !== undefined && p.leader >= 0);
    });
  }

  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw await explainKafkaError(err, what, this.connection);
    }
  }
}
