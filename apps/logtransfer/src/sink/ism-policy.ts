import type { Client } from '@elastic/elasticsearch';
import type { PolicyOptions } from './ilm-policy.js';

/** An OpenSearch ISM policy: a state machine, where ILM has phases. */
export interface IsmPolicy {
  description: string;
  default_state: string;
  states: { name: string; actions: Record<string, unknown>[]; transitions: { state_name: string; conditions?: Record<string, string> }[] }[];
  ism_template: { index_patterns: string[]; priority: number }[];
}

/**
 * The ILM policy of `ilm-policy.ts` as ISM says it, for OpenSearch with its index-management
 * plugin. ISM attaches a policy to new indices through the policy's own `ism_template`, not
 * through an index setting, so it carries the template's patterns.
 */
export function ismPolicy({ retentionDays, dataStreams }: PolicyOptions, patterns: readonly string[]): IsmPolicy {
  const hot = {
    name: 'hot',
    actions: dataStreams ? [{ rollover: { min_index_age: '1d', min_primary_shard_size: '50gb' } }] : [],
    transitions: retentionDays > 0 ? [{ state_name: 'delete', conditions: { min_index_age: `${retentionDays}d` } }] : [],
  };
  return {
    description: 'Installed by logtransfer at every start; see [elasticsearch] retention_days.',
    default_state: 'hot',
    states: retentionDays > 0 ? [hot, { name: 'delete', actions: [{ delete: {} }], transitions: [] }] : [hot],
    ism_template: [{ index_patterns: [...patterns], priority: 500 }],
  };
}

/**
 * Installs or replaces the policy. ISM, unlike ILM, refuses to overwrite a policy without the
 * sequence number of the version it replaces, so the current one is read first.
 */
export async function installIsmPolicy(client: Client, name: string, policy: IsmPolicy): Promise<void> {
  const path = `/_plugins/_ism/policies/${encodeURIComponent(name)}`;
  const current = await client.transport.request<{ _seq_no?: number; _primary_term?: number }>({ method: 'GET', path }, { meta: true, ignore: [404] });
  const version = current.statusCode === 200 ? { if_seq_no: current.body._seq_no, if_primary_term: current.body._primary_term } : {};
  await client.transport.request({ method: 'PUT', path, querystring: version, body: { policy } });
}
