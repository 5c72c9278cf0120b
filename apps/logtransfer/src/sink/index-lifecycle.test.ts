import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIndexPattern } from '@logpipe/schemas';
import type { ElasticsearchFeatures } from './elasticsearch-features.js';
import { IndexDateReader } from './index-dates.js';
import { coverage, covers } from './index-setup.js';
import { ismPolicy } from './ism-policy.js';
import { indexTemplateRequest } from './index-template.js';
import { planLifecycle, type LifecycleSettings } from './lifecycle-plan.js';

const NONE: ElasticsearchFeatures = {
  ilm: { available: false, detail: 'this Elasticsearch has no ILM: GET /_ilm/status answered 405' },
  dataStreams: { available: false, detail: 'this Elasticsearch has no data streams: GET /_data_stream answered 400' },
};
const ALL: ElasticsearchFeatures = { ilm: { available: true, detail: 'GET /_ilm/status answered 200' }, dataStreams: { available: true, detail: 'GET /_data_stream answered 200' } };
const settings = (s: Partial<LifecycleSettings>): LifecycleSettings => ({ ilm: 'auto', dataStreams: 'off', retentionDays: 0, ...s });
const plan = (s: Partial<LifecycleSettings>, f: ElasticsearchFeatures) => {
  const result = planLifecycle(settings(s), f);
  return 'plan' in result ? { ilm: result.plan.ilm, dataStreams: result.plan.dataStreams, retentionByTransfer: result.plan.retentionByTransfer } : result.problems;
};

test('ILM where it is available and has work to do; the transfer ages indices where it is not', () => {
  assert.deepEqual(plan({}, NONE), { ilm: false, dataStreams: false, retentionByTransfer: false });
  assert.deepEqual(plan({ retentionDays: 7 }, NONE), { ilm: false, dataStreams: false, retentionByTransfer: true });
  assert.deepEqual(plan({ retentionDays: 7 }, ALL), { ilm: true, dataStreams: false, retentionByTransfer: false });
  assert.deepEqual(plan({ retentionDays: 7, ilm: 'off' }, ALL), { ilm: false, dataStreams: false, retentionByTransfer: true });
  assert.deepEqual(plan({}, ALL), { ilm: false, dataStreams: false, retentionByTransfer: false }, 'kept forever: no policy, so one attached by someone else stays');
  assert.deepEqual(plan({ dataStreams: 'on' }, ALL), { ilm: true, dataStreams: true, retentionByTransfer: false }, 'a data stream needs ILM to roll over');
});

test('`on` for what the cluster lacks is a problem naming the key, never a silent downgrade', () => {
  assert.deepEqual(plan({ ilm: 'on' }, NONE), [
    { key: 'ilm', value: 'on', message: 'this Elasticsearch has no ILM: GET /_ilm/status answered 405; set ilm = auto to use ILM only where the cluster has it, or off' },
  ]);
  assert.deepEqual(plan({ dataStreams: 'on' }, NONE), [
    { key: 'data_streams', value: 'on', message: 'this Elasticsearch has no data streams: GET /_data_stream answered 400; set data_streams = off to write daily indices' },
  ]);
  assert.deepEqual(plan({ dataStreams: 'on', retentionDays: 3, ilm: 'off' }, ALL), [
    { key: 'retention_days', value: '3', message: 'data streams are aged by ILM, which is not used here; use ILM (ilm = auto or on, on a cluster that has it), or set retention_days = 0' },
  ]);
  const unknown: ElasticsearchFeatures = { ...ALL, ilm: { available: undefined, detail: 'cannot tell' } };
  assert.deepEqual(plan({ ilm: 'on', retentionDays: 1 }, unknown), { ilm: true, dataStreams: false, retentionByTransfer: false }, '`on` trusts a cluster it cannot ask');
});

test('the date in an index name is read back as the last day the index can hold', () => {
  const daily = new IndexDateReader(parseIndexPattern('logs-{topic}-{yyyy.MM.dd}'));
  assert.equal(daily.lastDay('logs-nginx_log-2026.11.16'), '2026-11-16');
  assert.equal(daily.lastDay('logs-a.b-c-2026.02.29'), undefined, 'not a real day');
  assert.equal(daily.lastDay('logs-nginx_log-2026.11.16-restored'), undefined);
  assert.equal(daily.lastDay('other-2026.11.16'), undefined);
  assert.equal(new IndexDateReader(parseIndexPattern('m-{yyyy.MM}')).lastDay('m-2026.02'), '2026-02-28');
  assert.equal(new IndexDateReader(parseIndexPattern('y-{yyyy}-{topic}')).lastDay('y-2025-app'), '2025-12-31');
  assert.equal(new IndexDateReader(parseIndexPattern('plain-{topic}')).dated, false);
});

test('the template covers each pattern once: a narrower wildcard under a wider one is left out', () => {
  assert.equal(covers('logs-*-*', 'logs-nginx-*'), true);
  assert.equal(covers('logs-*-*', 'logs-*'), false);
  assert.equal(covers('logs-*', 'logs-*-*'), true);
  assert.deepEqual(coverage(['logs-*-*'], ['logs-nginx-*', 'web-*', 'logs-*-*']), ['logs-*-*', 'web-*']);
});

test('the template composes <name>@custom if it exists, maps source.ip as ip and structured data as flattened', () => {
  const request = indexTemplateRequest({ name: 'logpipe-logs', patterns: ['logs-*-*'], ilmPolicy: 'logpipe-logs' });
  assert.deepEqual(request.composed_of, ['logpipe-logs@custom']);
  assert.deepEqual(request.ignore_missing_component_templates, ['logpipe-logs@custom']);
  assert.equal((request.template?.settings as Record<string, unknown>)['index.lifecycle.name'], 'logpipe-logs');
  const properties = request.template?.mappings?.properties as Record<string, { properties: Record<string, unknown> }>;
  assert.deepEqual(properties.source!.properties.ip, { type: 'ip' });
  assert.deepEqual((properties.log!.properties.syslog as { properties: unknown }).properties, { structured_data: { type: 'flattened' } });
  assert.equal(request.data_stream, undefined);
  assert.deepEqual(indexTemplateRequest({ patterns: ['logs-*'], dataStreams: true }).data_stream, {});
});

test('the ISM policy says what the ILM policy says: delete after retention_days, attached by its ism_template', () => {
  const policy = ismPolicy({ retentionDays: 7, dataStreams: false }, ['logs-*-*']);
  assert.deepEqual(policy.states.map((s) => s.name), ['hot', 'delete']);
  assert.deepEqual(policy.states[0]!.transitions, [{ state_name: 'delete', conditions: { min_index_age: '7d' } }]);
  assert.deepEqual(policy.states[0]!.actions, [], 'daily indices do not roll over');
  assert.deepEqual(policy.ism_template, [{ index_patterns: ['logs-*-*'], priority: 500 }]);
  const forever = ismPolicy({ retentionDays: 0, dataStreams: true }, ['logs-*']);
  assert.deepEqual(forever.states.map((s) => s.name), ['hot']);
  assert.deepEqual(forever.states[0]!.actions, [{ rollover: { min_index_age: '1d', min_primary_shard_size: '50gb' } }]);
});
