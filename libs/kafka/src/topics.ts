import type { KafkaAdmin } from './admin.js';
import { KafkaAdapterError, toKafkaAdapterError } from './errors.js';

export interface TopicPolicy {
  /** Create a topic that does not exist yet; when false, producing to it fails loudly. */
  create: boolean;
  partitions: number;
  replicationFactor: number;
}

/**
 * Makes sure the topics exist, creating the missing ones when the policy allows. Another client
 * creating the same topic at the same moment (two agents, or an agent and a transfer) is fine.
 */
export async function ensureTopics(admin: KafkaAdmin, topics: string[], policy: TopicPolicy): Promise<void> {
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    if (!policy.create) {
      throw new KafkaAdapterError(`topic(s) ${missing.join(', ')} do not exist and topic creation is disabled; create them or enable it`, false);
    }
    try {
      await admin.createTopics(missing.map((topic) => ({ topic, partitions: policy.partitions, replicationFactor: policy.replicationFactor })));
    } catch (err) {
      if (!(err instanceof KafkaAdapterError) || !err.brokerErrors.includes('TOPIC_ALREADY_EXISTS')) throw err;
    }
  } catch (err) {
    // The admin's errors already say what it was doing.
    throw toKafkaAdapterError(err, `ensuring topics ${topics.join(', ')}`);
  }
}
