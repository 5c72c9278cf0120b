import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { exportedMetricNames, instantQuery, labelValues, metricNames, metricsWithSamples, type Series } from './promql.js';
import { startRunningPipeline, type RunningPipeline } from './running-pipeline.js';

/**
 * The Grafana dashboards against the harness's real Prometheus while it scrapes a real agent and
 * a real transfer that carry lines (and one dead letter): every panel query, with the template
 * variables replaced as Grafana would, returns at least one series; every variable query finds
 * the running apps' values; every metric a dashboard or an alert rule names is one the apps
 * export.
 */
interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; refId: string }[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: { name: string; query: { query: string } | string; datasource: { uid: string } }[] };
  panels: Panel[];
}

/**
 * Metrics the apps declare but do not set yet. A query whose only silent metrics are these is
 * reported, not failed; once the metric is set, the query is checked like every other.
 */
const NOT_SET_YET: Record<string, string> = {};

const dashboardsDir = join(repoRoot(), 'config', 'grafana', 'dashboards');
const dashboards = readdirSync(dashboardsDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as Dashboard }));
const queriesOf = (dashboard: Dashboard) =>
  dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel, expr: target.expr, refId: target.refId })));

let pipeline: RunningPipeline;

before(async () => {
  pipeline = await startRunningPipeline('grafana');
});

after(async () => {
  await pipeline?.cleanup();
});

test('provisioning: one Prometheus datasource with the uid every panel and variable uses; both dashboards are loaded from the mounted folder', () => {
  const datasources = parse(readFileSync(join(repoRoot(), 'config/grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { uid: string; type: string; url: string }[] };
  assert.deepEqual(datasources.datasources.map((d) => [d.uid, d.type, d.url]), [['prometheus', 'prometheus', 'http://prometheus:9090']]);
  const providers = parse(readFileSync(join(repoRoot(), 'config/grafana/provisioning/dashboards/logpipe.yml'), 'utf8')) as { providers: { options: { path: string } }[] };
  const compose = readFileSync(join(repoRoot(), 'docker-compose.yml'), 'utf8');
  assert.ok(compose.includes(`./config/grafana/dashboards:${providers.providers[0]!.options.path}:ro`), 'compose mounts the dashboards where the provider reads them');

  assert.deepEqual(dashboards.map((d) => d.dashboard.title).sort(), ['Hosts', 'Pipeline']);
  for (const { dashboard } of dashboards) {
    for (const variable of dashboard.templating.list) assert.equal(variable.datasource.uid, 'prometheus', `${dashboard.title}: variable ${variable.name}`);
    for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) assert.equal(panel.datasource?.uid, 'prometheus', `${dashboard.title}: ${panel.title}`);
  }
  const variables = Object.fromEntries(dashboards.map(({ dashboard }) => [dashboard.title, dashboard.templating.list.map((v) => v.name)]));
  assert.deepEqual(variables, { Hosts: ['host'], Pipeline: ['host', 'topic'] });
});

test('every template variable query finds the running apps\' host and topics', async () => {
  for (const { dashboard } of dashboards) {
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query.query;
      const wanted = variable.name === 'host' ? [pipeline.hostName] : Object.values(pipeline.topics);
      const values = await waitFor(async () => {
        const found = await labelValues(query);
        return wanted.every((value) => found.includes(value)) ? found : undefined;
      }, { what: `${dashboard.title}: $${variable.name} (${query}) to include ${wanted.join(', ')}`, timeoutMs: 30_000, intervalMs: 1000 });
      assert.ok(values.length > 0);
    }
  }
});

test('every panel query returns at least one series from the real Prometheus', async () => {
  // What Grafana sends: $host and $topic as regex alternatives (multi-value), $__rate_interval
  // as four scrape intervals or more.
  const substitute = (expr: string) =>
    expr
      .replaceAll('$__rate_interval', '1m')
      .replaceAll('$host', pipeline.hostName.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&'))
      .replaceAll('$topic', `(${Object.values(pipeline.topics).join('|')})`);
  const queries = dashboards.flatMap(({ dashboard }) => queriesOf(dashboard).map((q) => ({ ...q, dashboard: dashboard.title, promql: substitute(q.expr) })));
  assert.ok(queries.length >= 25, `only ${queries.length} queries`);
  for (const q of queries) assert.doesNotMatch(q.promql, /\$/, `${q.dashboard} / ${q.panel.title}: an unsubstituted variable is left in ${q.promql}`);

  const withSamples = new Set([...(await metricsWithSamples(pipeline.agentUrl)), ...(await metricsWithSamples(pipeline.transferUrl))]);
  const pending = (promql: string) => metricNames(promql).filter((name) => !withSamples.has(name.replace(/_(bucket|sum|count)$/, '')) && !withSamples.has(name));
  const results = new Map<string, Series[]>();
  // rate() over 1m needs two scrapes of the new targets (5 s apart) after the lines went through.
  await waitFor(async () => {
    for (const q of queries) {
      if ((results.get(q.promql)?.length ?? 0) > 0) continue;
      results.set(q.promql, await instantQuery(q.promql));
    }
    const empty = queries.filter((q) => results.get(q.promql)!.length === 0);
    return empty.every((q) => pending(q.promql).length > 0 && pending(q.promql).every((n) => n in NOT_SET_YET)) || undefined;
  }, { what: 'every panel query to return a series', timeoutMs: 50_000, intervalMs: 2500 }).catch(() => undefined);

  const failures: string[] = [];
  for (const q of queries) {
    if (results.get(q.promql)!.length > 0) continue;
    const silent = pending(q.promql);
    if (silent.length > 0 && silent.every((name) => name in NOT_SET_YET)) {
      process.stdout.write(`# ${q.dashboard} / ${q.panel.title} (${q.refId}): no series yet; ${silent.map((n) => `${n} is ${NOT_SET_YET[n]}`).join('; ')}\n`);
      continue;
    }
    failures.push(`${q.dashboard} / ${q.panel.title} (${q.refId}): no series for ${q.promql}`);
  }
  assert.deepEqual(failures, []);
  // The topic-filtered transfer panels see this test's own topics, not another test's.
  const consumed = queries.find((q) => q.promql.includes('logtransfer_messages_consumed_total'))!;
  assert.ok(results.get(consumed.promql)!.some((s) => Object.values(pipeline.topics).includes(s.metric.topic!)));
  const deadLetters = queries.find((q) => q.promql.includes('logtransfer_documents_dead_lettered_total'))!;
  assert.deepEqual(results.get(deadLetters.promql)!.map((s) => s.metric.topic), [pipeline.topics.ecs]);
});

test('every metric the dashboards and the alert rules name is one the apps export', async () => {
  const exported = new Set([...(await exportedMetricNames(pipeline.agentUrl)), ...(await exportedMetricNames(pipeline.transferUrl))]);
  const rulesDir = join(repoRoot(), 'config', 'prometheus', 'rules');
  const rules = readdirSync(rulesDir).flatMap((file) =>
    (parse(readFileSync(join(rulesDir, file), 'utf8')) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] }).groups
      .flatMap((g) => g.rules)
      .map((r) => ({ where: `${file}: ${r.alert ?? r.record}`, expr: r.expr })),
  );
  const uses = [
    ...dashboards.flatMap(({ dashboard }) => queriesOf(dashboard).map((q) => ({ where: `${dashboard.title} / ${q.panel.title}`, expr: q.expr }))),
    ...dashboards.flatMap(({ dashboard }) => dashboard.templating.list.map((v) => ({ where: `${dashboard.title} $${v.name}`, expr: typeof v.query === 'string' ? v.query : v.query.query }))),
    ...rules,
  ];
  const unknown = uses.flatMap(({ where, expr }) => metricNames(expr).filter((name) => name !== 'up' && !exported.has(name)).map((name) => `${where}: ${name}`));
  assert.deepEqual(unknown, []);
  assert.ok(rules.length >= 5);
});
