import { fittingReplication, type KafkaAdmin } from '@logpipe/kafka';
import type { StepResult } from './step-result.js';

export interface TopicsPlan {
  topics: readonly string[];
  dlqSuffix: string;
  partitions: number;
  replication: number;
}

/**
 * Creates each topic and its dead-letter topic when missing. An existing topic is left as it is,
 * even with another partition count: adding partitions would move keys to other partitions, and
 * removing them is impossible, so that stays an operator's decision (reported in the detail).
 */
export async function ensureTopics(admin: KafkaAdmin, plan: TopicsPlan): Promise<StepResult[]> {
  const wanted = plan.topics.flatMap((topic) => [topic, `${topic}${plan.dlqSuffix}`]);
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    const { replicationFactor, minInsyncReplicas } = fittingReplication(plan.replication, plan.replication > 0 ? 0 : await admin.brokerCount());
    await admin.createTopics(missing.map((topic) => ({ topic, partitions: plan.partitions, replicationFactor })), { 'min.insync.replicas': String(minInsyncReplicas) });
  }
  const present = wanted.filter((topic) => existing.has(topic));
  const partitionsOf = await admin.partitionCounts(present);
  return wanted.map((topic): StepResult => {
    const subject = `kafka topic ${topic}`;
    if (missing.includes(topic)) return { subject, outcome: 'created', detail: `${plan.partitions} partitions` };
    const partitions = partitionsOf.get(topic);
    return partitions === plan.partitions
      ? { subject, outcome: 'unchanged' }
      : { subject, outcome: 'unchanged', detail: `has ${partitions} partitions, not ${plan.partitions}; left as it is` };
  });
}
