import type { Client } from '@elastic/elasticsearch';
import { installIsmPolicy, ismPolicy } from '@logpipe/logtransfer/dist/sink/ism-policy.js';
import { canonicalJson } from './canonical.js';
import type { StepResult } from './step-result.js';

const DAY_MS = 86_400_000;

/**
 * OpenSearch's index lifecycle management is the ISM plugin; the minimal distribution (the
 * local test server) has none, and answers its API with 400 "no handler found".
 */
export async function hasIsm(client: Client): Promise<{ available: boolean; detail: string }> {
  const path = '/_plugins/_ism/policies?size=1';
  const response = await client.transport.request({ method: 'GET', path }, { meta: true, ignore: [400, 401, 403, 404, 405] });
  if (response.statusCode === 200) return { available: true, detail: `GET ${path} answered 200` };
  return { available: false, detail: `this OpenSearch has no ISM: GET ${path} answered ${response.statusCode}` };
}

/**
 * The transfer's ISM policy, deleting an index `retention` after its creation (rounded up to
 * whole days). ISM attaches it to new indices by its own `ism_template`, so unlike ILM it needs
 * no second index template.
 */
export async function ensureIsmPolicy(client: Client, name: string, retentionMs: number, patterns: readonly string[]): Promise<StepResult> {
  const subject = `elasticsearch ISM policy ${name}`;
  const wanted = ismPolicy({ retentionDays: Math.ceil(retentionMs / DAY_MS), dataStreams: false }, patterns);
  const existing = await client.transport.request<{ policy?: Record<string, unknown> }>({ method: 'GET', path: `/_plugins/_ism/policies/${encodeURIComponent(name)}` }, { meta: true, ignore: [404] });
  const current = existing.statusCode === 200 ? existing.body.policy : undefined;
  const comparable = (p: Record<string, unknown>) => canonicalJson({ description: p.description, default_state: p.default_state, states: p.states, ism_template: (p.ism_template as { index_patterns: unknown; priority: unknown }[] | undefined)?.map((t) => ({ index_patterns: t.index_patterns, priority: t.priority })) });
  if (current && comparable(current) === comparable(wanted as unknown as Record<string, unknown>)) return { subject, outcome: 'unchanged' };
  await installIsmPolicy(client, name, wanted);
  return { subject, outcome: current ? 'updated' : 'created' };
}
