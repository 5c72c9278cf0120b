import type { AclBinding } from '@logpipe/kafka';

/**
 * What the agent needs: write its topics (a prefix), see them, and create the ones its targets
 * name. WRITE on a topic implies IDEMPOTENT_WRITE on the cluster (Kafka 3.0+), which its
 * idempotent producer needs.
 */
export function agentAcls(principal: string, topicPrefix: string): AclBinding[] {
  return (['write', 'describe', 'create'] as const).map((operation) => ({ principal, resource: 'topic', name: topicPrefix, pattern: 'prefixed', operation }));
}

/**
 * What the transfer needs: read the agents' topics (a prefix), its consumer group (READ implies
 * DESCRIBE, which committed-offset reads need), and write, see and create each topic's dead
 * letter topic. ACLs have no suffix patterns, so the `.dlq` topics are granted one by one:
 * a prefix wide enough to cover them would let the transfer write the agents' topics too.
 */
export function transferAcls(principal: string, topicPrefix: string, group: string, dlqTopics: readonly string[]): AclBinding[] {
  return [
    ...(['read', 'describe'] as const).map((operation): AclBinding => ({ principal, resource: 'topic', name: topicPrefix, pattern: 'prefixed', operation })),
    { principal, resource: 'group', name: group, pattern: 'literal', operation: 'read' },
    ...dlqTopics.flatMap((topic) => (['write', 'describe', 'create'] as const).map((operation): AclBinding => ({ principal, resource: 'topic', name: topic, pattern: 'literal', operation }))),
  ];
}
