import type { Client, estypes } from '@elastic/elasticsearch';
import { canonicalJson } from './canonical.js';
import { ensureIndexTemplate, getIndexTemplate } from './index-template.js';
import type { StepResult } from './step-result.js';

/**
 * Index lifecycle management, where the cluster has it. The minimal distributions (the local
 * test server is one) have no ILM: `GET /_ilm/status` does not answer 200 there, and setup
 * skips this step instead of failing.
 */
export async function hasIlm(client: Client): Promise<{ available: boolean; detail: string }> {
  try {
    const response = await client.transport.request({ method: 'GET', path: '/_ilm/status' }, { meta: true, ignore: [400, 404, 405] });
    if (response.statusCode === 200) return { available: true, detail: 'GET /_ilm/status answered 200' };
    return { available: false, detail: `this Elasticsearch has no ILM: GET /_ilm/status answered ${response.statusCode}` };
  } catch (err) {
    const status = (err as { meta?: { statusCode?: number } }).meta?.statusCode;
    if (status !== undefined) return { available: false, detail: `this Elasticsearch has no ILM: GET /_ilm/status answered ${status}` };
    throw err;
  }
}

/** Daily indices need no rollover: the policy only deletes an index `retention` after its creation. */
export function policyBody(retentionMs: number): estypes.IlmPolicy {
  return {
    phases: {
      hot: { min_age: '0ms', actions: {} },
      delete: { min_age: timeValue(retentionMs), actions: { delete: { delete_searchable_snapshot: true } } },
    },
    _meta: { managed_by: 'logpipe-setup', description: 'Deletes logpipe daily log indices after the retention period.' },
  };
}

export async function ensureIlmPolicy(client: Client, name: string, retentionMs: number): Promise<StepResult> {
  const subject = `elasticsearch ILM policy ${name}`;
  const wanted = policyBody(retentionMs);
  const existing = await client.ilm.getLifecycle({ name }, { ignore: [404] });
  const current = (existing as Record<string, { policy?: estypes.IlmPolicy }>)[name]?.policy;
  if (current && canonicalJson({ phases: current.phases, _meta: current._meta }) === canonicalJson(wanted)) return { subject, outcome: 'unchanged' };
  await client.ilm.putLifecycle({ name, policy: wanted });
  return { subject, outcome: current ? 'updated' : 'created' };
}

/**
 * logtransfer (re)installs its template `logpipe-logs` on every start, without ILM settings. So
 * the policy is attached by a second template, `<template>-ilm`, one priority higher (the
 * highest-priority matching template is the one that applies): a copy of the transfer's template
 * as stored, plus `index.lifecycle.name`. Setup rebuilds it from the stored template on every run.
 */
export async function ensureIlmTemplate(client: Client, baseName: string, policy: string): Promise<StepResult> {
  const base = await getIndexTemplate(client, baseName);
  if (!base) throw new Error(`index template ${baseName} is missing; it must be installed before its ILM copy`);
  const settings = { ...((base.template?.settings as Record<string, unknown> | undefined) ?? {}), 'index.lifecycle.name': policy };
  return ensureIndexTemplate(client, {
    name: `${baseName}-ilm`,
    index_patterns: base.index_patterns,
    priority: (base.priority ?? 0) + 1,
    composed_of: base.composed_of ?? [],
    // The transfer's template composes `<name>@custom` only if it exists; so must the copy, or
    // Elasticsearch refuses it while there is no such component.
    ...(base.ignore_missing_component_templates ? { ignore_missing_component_templates: base.ignore_missing_component_templates } : {}),
    template: { ...base.template, settings } as estypes.IndicesPutIndexTemplateIndexTemplateMapping,
    _meta: { managed_by: 'logpipe-setup', copy_of: baseName, ilm_policy: policy },
  }, 'elasticsearch');
}

/** Whole days as `30d` (how people write it, and how Elasticsearch gives it back), else seconds. */
function timeValue(ms: number): string {
  const day = 86_400_000;
  return ms % day === 0 ? `${ms / day}d` : `${Math.round(ms / 1000)}s`;
}
