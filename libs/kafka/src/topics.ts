import type { KafkaAdmin } from './admin.js';
import { KafkaAdapterError, toKafkaAdapterError } from './errors.js';

export interface TopicPolicy {
  /** Create a topic that does not exist yet; when false, producing to it fails loudly. */
  create: boolean;
  partitions: number;
  /** Replicas of a topic it creates; 0 fits the cluster found (see fittingReplication). */
  replicationFactor: number;
}

/** What a replication factor of 0 ("fit the cluster") becomes: 3 where there are 3 brokers or more. */
export const MAX_FITTING_REPLICATION = 3;

/**
 * The replication a created topic gets, and the `min.insync.replicas` that goes with it: with 3
 * replicas an acknowledged write is on 2 brokers, so losing any one loses nothing and blocks
 * nothing. A factor larger than the cluster fails at creation, with the broker's own message.
 */
export function fittingReplication(requested: number, brokers: number): { replicationFactor: number; minInsyncReplicas: number } {
  const replicationFactor = requested > 0 ? requested : Math.max(1, Math.min(MAX_FITTING_REPLICATION, brokers));
  return { replicationFactor, minInsyncReplicas: Math.max(1, Math.min(2, replicationFactor - 1)) };
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
    const { replicationFactor, minInsyncReplicas } = fittingReplication(policy.replicationFactor, policy.replicationFactor > 0 ? 0 : await admin.brokerCount());
    try {
      await admin.createTopics(
        missing.map((topic) => ({ topic, partitions: policy.partitions, replicationFactor })),
        { 'min.insync.replicas': String(minInsyncReplicas) },
      );
    } catch (err) {
      if (!(err instanceof KafkaAdapterError) || !err.brokerErrors.includes('TOPIC_ALREADY_EXISTS')) throw err;
    }
  } catch (err) {
    // The admin's errors already say what it was doing.
    throw toKafkaAdapterError(err, `ensuring topics ${topics.join(', ')}`);
  }
}
