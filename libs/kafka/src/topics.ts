import type { Admin } from 'kafkajs';
import { toKafkaAdapterError } from './errors.js';

export interface TopicPolicy {
  /** Create a topic that does not exist yet; when false, producing to it fails loudly. */
  create: boolean;
  partitions: number;
  replicationFactor: number;
}

/** Makes sure the topics exist, creating the missing ones when the policy allows. */
export async function ensureTopics(admin: Admin, topics: string[], policy: TopicPolicy): Promise<void> {
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    if (!policy.create) {
      throw new Error(`topic(s) ${missing.join(', ')} do not exist and topic creation is disabled; create them or enable it`);
    }
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: policy.partitions, replicationFactor: policy.replicationFactor })),
    });
  } catch (err) {
    throw toKafkaAdapterError(err, `ensuring topics ${topics.join(', ')}`);
  }
}
