import type { AclBinding, AclOperation, KafkaAdmin } from '@logpipe/kafka';
import type { StepResult } from './step-result.js';

export interface AclPlan {
  topics: readonly string[];
  dlqSuffix: string;
  /** `User:logagent`; no ACLs for the agent when undefined. */
  agentPrincipal?: string | undefined;
  transferPrincipal?: string | undefined;
  transferGroup: string;
}

const literal = (principal: string, resource: 'topic' | 'group', name: string, operations: readonly AclOperation[]): AclBinding[] =>
  operations.map((operation) => ({ principal, resource, name, pattern: 'literal', operation, host: '*', permission: 'allow' }));

/**
 * The least each app needs on a broker with an authorizer (docs/security/kafka.md), for the
 * topics setup manages: the agent writes, sees and may create the topics; the transfer reads
 * them, uses its consumer group and writes each dead-letter topic. Literal names, no prefixes:
 * the topics share none, and a prefix wide enough would let the transfer write the agents' topics.
 */
export function wantedAcls(plan: AclPlan): Map<string, AclBinding[]> {
  const wanted = new Map<string, AclBinding[]>();
  if (plan.agentPrincipal) wanted.set(plan.agentPrincipal, plan.topics.flatMap((topic) => literal(plan.agentPrincipal!, 'topic', topic, ['write', 'describe', 'create'])));
  if (plan.transferPrincipal) {
    const principal = plan.transferPrincipal;
    wanted.set(principal, [
      ...plan.topics.flatMap((topic) => literal(principal, 'topic', topic, ['read', 'describe'])),
      ...literal(principal, 'group', plan.transferGroup, ['read']),
      ...plan.topics.flatMap((topic) => literal(principal, 'topic', `${topic}${plan.dlqSuffix}`, ['write', 'describe', 'create'])),
    ]);
  }
  return wanted;
}

const keyOf = (b: AclBinding): string => [b.principal, b.resource, b.name, b.pattern, b.operation, b.host ?? '*', b.permission ?? 'allow'].join(' ');

/**
 * Grants what `wantedAcls` lists and is missing, per principal. ACLs the principal has beyond
 * those are an operator's and stay.
 */
export async function ensureAcls(admin: KafkaAdmin, plan: AclPlan): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [principal, bindings] of wantedAcls(plan)) {
    const existing = new Set((await admin.describeAcls(principal)).map(keyOf));
    const missing = bindings.filter((b) => !existing.has(keyOf(b)));
    await admin.createAcls(missing);
    const subject = `kafka ACLs of ${principal}`;
    results.push(missing.length > 0 ? { subject, outcome: 'created', detail: `${missing.length} of ${bindings.length}` } : { subject, outcome: 'unchanged', detail: `${bindings.length} ACLs` });
  }
  return results;
}
