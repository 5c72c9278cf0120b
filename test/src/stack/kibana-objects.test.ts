import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '@logpipe/services';
import { readSavedObjects } from '@logpipe/setup';
import { startRunningPipeline, type RunningPipeline } from './running-pipeline.js';
import { escapeRegExp } from '../support/search-server.js';

/**
 * The Kibana saved objects (config/kibana/logpipe.ndjson) against the real Elasticsearch, after a
 * real agent and transfer indexed nginx and application lines plus ECS documents shaped like the
 * parsed ones (see running-pipeline.ts): every object parses and its references resolve, every
 * field it names exists in the real mapping (aggregatable where it is aggregated), and every
 * visualization and saved search, sent as the equivalent query DSL, returns data.
 *
 * There is no Kibana here, so the test does not prove Kibana renders the objects; it proves what
 * they ask Elasticsearch for is there.
 */
interface SavedObject {
  type: string;
  id: string;
  attributes: Record<string, unknown> & { title?: string; kibanaSavedObjectMeta?: { searchSourceJSON: string } };
  references: { name: string; type: string; id: string }[];
}
interface SearchSource {
  query: { query: string; language: string };
  filter: { meta: { disabled?: boolean; negate?: boolean; indexRefName?: string }; query: Record<string, unknown> }[];
  indexRefName?: string;
}
interface Agg {
  id: string;
  enabled: boolean;
  type: string;
  schema: string;
  params: { field?: string; size?: number; order?: string; orderBy?: string; min_doc_count?: number; ranges?: unknown[] };
}

const file = join(repoRoot(), 'config', 'kibana', 'logpipe.ndjson');
let objects: SavedObject[];
let pipeline: RunningPipeline;

before(async () => {
  const { text } = await readSavedObjects(file);
  objects = text.trim().split('\n').map((line) => JSON.parse(line) as SavedObject);
  pipeline = await startRunningPipeline('kibana');
});

after(async () => {
  await pipeline?.cleanup();
});

const byType = (type: string) => objects.filter((o) => o.type === type);
const searchSource = (o: SavedObject): SearchSource => JSON.parse(o.attributes.kibanaSavedObjectMeta!.searchSourceJSON) as SearchSource;

test('the objects: a logs-* data view on @timestamp, two saved searches, the visualizations and the "Logs overview" dashboard, with every reference resolved', () => {
  const [dataView, ...others] = byType('index-pattern');
  assert.equal(others.length, 0);
  assert.equal(dataView!.attributes.title, 'logs-*');
  assert.equal(dataView!.attributes.timeFieldName, '@timestamp');

  const searches = Object.fromEntries(byType('search').map((s) => [s.attributes.title, s.attributes.columns]));
  assert.deepEqual(searches.Logs, ['host.name', 'log.file.path', 'log.level', 'message']);
  assert.deepEqual(searches.Errors, ['host.name', 'log.file.path', 'log.level', 'message']);

  const dashboard = byType('dashboard');
  assert.deepEqual(dashboard.map((d) => d.attributes.title), ['Logs overview']);
  const panels = JSON.parse(dashboard[0]!.attributes.panelsJSON as string) as { panelIndex: string; panelRefName: string }[];
  const panelTargets = panels.map((p) => dashboard[0]!.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`));
  assert.ok(panelTargets.every(Boolean), 'every panel has its reference');
  const titles = panelTargets.map((r) => objects.find((o) => o.type === r!.type && o.id === r!.id)?.attributes.title);
  assert.deepEqual(titles, [
    'Log volume by host', 'Log volume by level', 'Top files', 'HTTP status codes', 'HTTP status codes over time', 'Top requested paths', 'Errors', 'Logs',
  ]);

  // Kibana keeps nested state as JSON strings (visState, panelsJSON, searchSourceJSON, …): all parse.
  for (const o of objects) {
    const strings = { ...o.attributes, ...(o.attributes.kibanaSavedObjectMeta ?? {}) } as Record<string, unknown>;
    for (const [key, value] of Object.entries(strings)) if (/JSON$|^visState$/.test(key)) assert.doesNotThrow(() => JSON.parse(value as string), `${o.id}: ${key}`);
  }
  const ids = new Set(objects.map((o) => `${o.type}/${o.id}`));
  for (const o of objects) {
    for (const ref of o.references) assert.ok(ids.has(`${ref.type}/${ref.id}`), `${o.type}/${o.id} refers to ${ref.type}/${ref.id}, which is not in the file`);
    if (!o.attributes.kibanaSavedObjectMeta) continue;
    const source = searchSource(o);
    const refNames = [source.indexRefName, ...source.filter.map((f) => f.meta.indexRefName)].filter(Boolean);
    for (const name of refNames) assert.ok(o.references.some((r) => r.name === name), `${o.id}: ${name} has no reference`);
  }
});

/** Every field an object names: columns, sort, filters, aggregations, the data view's time field. */
function fieldsOf(o: SavedObject): { field: string; aggregated: boolean }[] {
  const fields: { field: string; aggregated: boolean }[] = [];
  if (o.type === 'index-pattern') fields.push({ field: o.attributes.timeFieldName as string, aggregated: true });
  for (const column of (o.attributes.columns as string[] | undefined) ?? []) fields.push({ field: column, aggregated: false });
  for (const [field] of (o.attributes.sort as [string, string][] | undefined) ?? []) fields.push({ field, aggregated: true });
  if (o.attributes.kibanaSavedObjectMeta) {
    for (const { query } of searchSource(o).filter) {
      const [[kind, clause]] = Object.entries(query) as [[string, Record<string, unknown>]];
      if (kind === 'exists') fields.push({ field: clause.field as string, aggregated: false });
      else if (['term', 'terms', 'match_phrase', 'match'].includes(kind)) fields.push(...Object.keys(clause).map((field) => ({ field, aggregated: false })));
      else throw new Error(`${o.id}: filter ${kind} is not understood by this test`);
    }
  }
  if (o.type === 'visualization') {
    const vis = JSON.parse(o.attributes.visState as string) as { aggs: Agg[] };
    for (const agg of vis.aggs) if (agg.params.field) fields.push({ field: agg.params.field, aggregated: true });
  }
  return fields;
}

test('every field the objects name exists in the real index mapping, and aggregated fields are aggregatable', async () => {
  const wanted = objects.flatMap((o) => fieldsOf(o).map((f) => ({ ...f, object: `${o.type}/${o.id}` })));
  assert.ok(wanted.length > 20);
  const caps = await pipeline.es.fieldCaps({ index: pipeline.indexPattern, fields: [...new Set(wanted.map((f) => f.field))] });
  const problems: string[] = [];
  for (const { field, aggregated, object } of wanted) {
    const types = caps.fields[field];
    if (!types) problems.push(`${object}: ${field} is not in the mapping of ${pipeline.indexPattern}`);
    else if (aggregated && !Object.values(types).every((t) => t.aggregatable)) problems.push(`${object}: ${field} is not aggregatable (${Object.keys(types).join(', ')})`);
  }
  assert.deepEqual(problems, []);
  // Whether the real nginx lines were parsed by the transfer (its nginx parser) or only the
  // representative documents carry the HTTP fields: reported, not asserted.
  const parsed = await pipeline.es.count({ index: `logs-${pipeline.topics.nginx}-*`, query: { exists: { field: 'http.response.status_code' } } });
  process.stdout.write(`# nginx lines parsed by the transfer into http.response.status_code: ${parsed.count}\n`);
  // The ECS types the dashboards rely on, from the transfer's template and dynamic mapping.
  assert.ok(caps.fields['@timestamp']!.date);
  assert.ok(caps.fields['log.level']!.keyword);
  assert.ok(caps.fields['log.file.path']!.keyword);
  assert.ok(caps.fields['http.response.status_code']!.long);
  assert.ok(caps.fields['url.path']!.keyword);
});

/** The query part Kibana sends for a search source: its KQL (empty here) and its enabled filters. */
function queryOf(source: SearchSource): Record<string, unknown> {
  assert.equal(source.query.query, '', 'the objects keep their conditions in filters, which are query DSL already');
  const filters = source.filter.filter((f) => !f.meta.disabled);
  return {
    bool: {
      filter: filters.filter((f) => !f.meta.negate).map((f) => f.query),
      must_not: filters.filter((f) => f.meta.negate).map((f) => f.query),
    },
  };
}

/**
 * An aggregation-based visualization's request, as Kibana's AggConfigs builds it: bucket
 * aggregations nested in their order, the metric inside the innermost one. `interval: auto`
 * becomes a fixed interval; the "Other" bucket (a second request in Kibana) is left out.
 */
function aggregationsOf(aggs: Agg[]): Record<string, unknown> {
  const buckets = aggs.filter((a) => a.enabled && a.schema !== 'metric');
  const metrics = aggs.filter((a) => a.enabled && a.schema === 'metric');
  assert.ok(metrics.every((m) => m.type === 'count'), 'only count metrics are translated');
  let inner: Record<string, unknown> | undefined;
  for (const agg of [...buckets].reverse()) {
    let body: Record<string, unknown>;
    if (agg.type === 'date_histogram') body = { date_histogram: { field: agg.params.field, fixed_interval: '1m', min_doc_count: agg.params.min_doc_count ?? 1 } };
    else if (agg.type === 'terms') body = { terms: { field: agg.params.field, size: agg.params.size, order: { _count: agg.params.order ?? 'desc' } } };
    else throw new Error(`aggregation type ${agg.type} is not translated`);
    inner = { [agg.id]: { ...body, ...(inner ? { aggs: inner } : {}) } };
  }
  return inner ?? {};
}

/** Buckets at the deepest level of the response, over every path. */
function leafBuckets(aggregations: Record<string, { buckets: Record<string, unknown>[] }>): number {
  let count = 0;
  for (const agg of Object.values(aggregations)) {
    for (const bucket of agg.buckets) {
      const children = Object.entries(bucket).filter(([, v]) => typeof v === 'object' && v !== null && 'buckets' in v);
      count += children.length > 0 ? leafBuckets(Object.fromEntries(children) as Record<string, { buckets: Record<string, unknown>[] }>) : 1;
    }
  }
  return count;
}

test('every visualization, sent as the equivalent query DSL to the real Elasticsearch, returns buckets', async () => {
  const visualizations = byType('visualization');
  assert.ok(visualizations.length >= 6);
  for (const vis of visualizations) {
    const state = JSON.parse(vis.attributes.visState as string) as { type: string; aggs: Agg[] };
    const body = { size: 0, track_total_hits: true, query: queryOf(searchSource(vis)), aggs: aggregationsOf(state.aggs) };
    const response = await pipeline.es.search({ index: pipeline.indexPattern, ...body });
    const aggregations = response.aggregations as Record<string, { buckets: Record<string, unknown>[] }>;
    assert.ok(leafBuckets(aggregations) > 0, `${vis.attributes.title}: no buckets for ${JSON.stringify(body)}`);
  }
});

/** A saved search, sent as query DSL with its sort, finds documents; "Errors" only error-or-worse levels. */
async function assertSearchFinds(search: SavedObject): Promise<void> {
  const response = await pipeline.es.search<{ log?: { level?: string } }>({
    index: pipeline.indexPattern,
    size: 100,
    query: queryOf(searchSource(search)),
    sort: (search.attributes.sort as [string, 'asc' | 'desc'][]).map(([field, order]) => ({ [field]: order })),
  });
  assert.ok(response.hits.hits.length > 0, `${search.attributes.title}: no hits`);
  if (search.attributes.title === 'Errors') {
    const levels = new Set(response.hits.hits.map((h) => h._source?.log?.level));
    assert.ok(levels.has('error'));
    for (const level of levels) assert.ok(['error', 'critical', 'alert', 'emergency', 'fatal'].includes(level!), `Errors shows level ${level}`);
  }
}

test('both saved searches, as query DSL, find documents; the errors search finds only error-or-worse levels', async () => {
  for (const search of byType('search')) await assertSearchFinds(search);
});

/** The OpenSearch Dashboards objects (docker-compose.opensearch.yml imports them). */
const dashboardsFile = join(repoRoot(), 'config', 'opensearch-dashboards', 'logpipe.ndjson');

test('OpenSearch Dashboards gets the same index pattern and saved searches, in its own format; their fields are mapped and the searches find documents', async () => {
  const { text } = await readSavedObjects(dashboardsFile);
  const dashboards = text.trim().split('\n').map((line) => JSON.parse(line) as SavedObject & { migrationVersion?: Record<string, string> });
  assert.deepEqual(dashboards.map((o) => `${o.type}/${o.id}`), ['index-pattern/logpipe-logs', 'search/logpipe-logs-search', 'search/logpipe-errors-search']);
  const [pattern] = dashboards;
  const kibanaPattern = byType('index-pattern')[0]!;
  assert.deepEqual([pattern!.attributes.title, pattern!.attributes.timeFieldName], [kibanaPattern.attributes.title, kibanaPattern.attributes.timeFieldName]);
  // The index pattern covers every index the template the transfer installed applies to.
  const templates = await pipeline.es.indices.getIndexTemplate({ name: 'logpipe-logs' });
  const covers = new RegExp(`^${pattern!.attributes.title!.split('*').map(escapeRegExp).join('.*')}$`);
  const templatePatterns = templates.index_templates.flatMap((t) => [t.index_template.index_patterns].flat());
  assert.ok(templatePatterns.length > 0);
  for (const templatePattern of templatePatterns) assert.match(templatePattern, covers, `index pattern ${pattern!.attributes.title} does not cover the template's ${templatePattern}`);
  for (const o of dashboards) {
    // OpenSearch Dashboards is a fork of Kibana 7.10: Kibana 8+ migration fields are not for it.
    assert.ok(!('coreMigrationVersion' in o) && !('typeMigrationVersion' in o), `${o.id} carries Kibana 8+ migration fields`);
    assert.ok(o.migrationVersion?.[o.type], `${o.id} has no migrationVersion for ${o.type}`);
  }
  const wanted = dashboards.flatMap((o) => fieldsOf(o).map((f) => ({ ...f, object: `${o.type}/${o.id}` })));
  const caps = await pipeline.es.fieldCaps({ index: pipeline.indexPattern, fields: [...new Set(wanted.map((f) => f.field))] });
  assert.deepEqual(wanted.filter(({ field }) => !caps.fields[field]).map(({ field, object }) => `${object}: ${field}`), [], 'fields not in the mapping');
  for (const search of dashboards.filter((o) => o.type === 'search')) {
    const twin = objects.find((o) => o.id === search.id)!;
    assert.equal(search.attributes.kibanaSavedObjectMeta!.searchSourceJSON, twin.attributes.kibanaSavedObjectMeta!.searchSourceJSON, `${search.id} asks what Kibana's does`);
    for (const ref of search.references) assert.ok(dashboards.some((o) => o.type === ref.type && o.id === ref.id), `${search.id} references missing ${ref.type}/${ref.id}`);
    const source = searchSource(search);
    for (const name of [source.indexRefName, ...source.filter.map((f) => f.meta.indexRefName)].filter(Boolean)) {
      assert.equal(search.references.find((r) => r.name === name)?.id, pattern!.id, `${search.id}: ${name} is not the index pattern`);
    }
    await assertSearchFinds(search);
  }
});
