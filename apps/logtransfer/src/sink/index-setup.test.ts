import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { createLogger } from '@logpipe/runtime';
import { IndexPattern } from '../transform/index-name.js';
import { IndexSetup } from './index-setup.js';
import type { SetupProblem } from './index-setup.js';

type Answer = { statusCode: number; headers: Record<string, string>; body: unknown };

/** How the local test servers answer `GET /`, the lifecycle probes and an empty bulk request. */
const SERVERS: Record<string, (path: string) => Answer> = {
  // The minimal Elasticsearch: 405 on GET /, with its header; no ILM, no data streams.
  elasticsearch: (path) => ({ statusCode: path === '/' || path === '/_ilm/status' ? 405 : 400, headers: { 'x-elastic-product': 'Elasticsearch' }, body: path.startsWith('/_nodes') ? { nodes: { a: { version: '9.5.0' } } } : {} }),
  // OpenSearch without the ISM plugin: data streams in its core.
  opensearch: (path) =>
    path === '/'
      ? { statusCode: 200, headers: {}, body: { version: { distribution: 'opensearch', number: '3.8.0' } } }
      : { statusCode: path === '/_data_stream' ? 200 : 400, headers: {}, body: {} },
  // Something else on the port (Prometheus): no header, no distribution.
  other: () => ({ statusCode: 302, headers: {}, body: 'Found' }),
};

/** A cluster of one of the flavours above; every template and component template put is recorded. */
function fakeCluster(flavour: keyof typeof SERVERS = 'elasticsearch') {
  const templates: { name: string; patterns: string[] }[] = [];
  const puts: Record<string, unknown>[] = [];
  const components: string[] = [];
  const client = {
    transport: { request: async ({ path }: { path: string }) => SERVERS[flavour]!(path) },
    cluster: { putComponentTemplate: async ({ name }: { name: string }) => components.push(name) },
    indices: {
      putIndexTemplate: async (request: { name: string; index_patterns: string[] }) => {
        templates.push({ name: request.name, patterns: request.index_patterns });
        puts.push(request);
        return { acknowledged: true };
      },
    },
  } as unknown as Client;
  return { client, templates, puts, components };
}

const logger = createLogger({ write: () => undefined });
const patterns = (...list: string[]) => list.map((p) => new IndexPattern(p));

test('the template covers the patterns in force; a route with an uncovered pattern widens it before its batches go on', async () => {
  const { client, templates } = fakeCluster();
  const setup = new IndexSetup({
    client,
    logger,
    template: 'logpipe-logs',
    flavour: 'auto',
    nodes: ['http://127.0.0.1:9200'],
    lifecycle: { ilm: 'auto', dataStreams: 'off', retentionDays: 0 },
    patterns: patterns('logs-{topic}-{yyyy.MM.dd}', 'logs-nginx-{yyyy.MM.dd}'),
    onFatal: () => assert.fail('not fatal'),
  });
  await setup.start();
  await setup.ready();
  assert.deepEqual(templates, [{ name: 'logpipe-logs', patterns: ['logs-*-*'] }]);
  setup.require(patterns('logs-{topic}-{yyyy.MM.dd}', 'logs-app-{yyyy.MM}'));
  await setup.ready();
  assert.equal(templates.length, 1, 'a covered pattern changes nothing');
  setup.require(patterns('logs-{topic}-{yyyy.MM.dd}', 'web-{topic}-{yyyy.MM.dd}'));
  await setup.ready();
  assert.deepEqual(templates[1], { name: 'logpipe-logs', patterns: ['logs-*-*', 'web-*-*'] });
  assert.deepEqual((await setup.plan).retentionByTransfer, false);
  await setup.stop();
});

test('ilm = on on a cluster without ILM is fatal before start() returns, and nothing is installed', async () => {
  const { client, templates } = fakeCluster();
  let fatal: SetupProblem[] | undefined;
  const setup = new IndexSetup({
    client,
    logger,
    template: 'logpipe-logs',
    flavour: 'auto',
    nodes: ['http://127.0.0.1:9200'],
    lifecycle: { ilm: 'on', dataStreams: 'off', retentionDays: 0 },
    patterns: patterns('logs-{topic}-{yyyy.MM.dd}'),
    onFatal: (problems) => (fatal = problems),
  });
  await setup.start();
  assert.deepEqual(fatal?.map((p) => p.key), ['ilm']);
  await assert.rejects(setup.ready(), /\[elasticsearch\] ilm = on: this Elasticsearch 9\.5\.0 has no ILM/);
  assert.deepEqual(templates, []);
  await setup.stop();
});

test('on OpenSearch the template is translated and its @custom component created first', async () => {
  const { client, puts, components } = fakeCluster('opensearch');
  const setup = new IndexSetup({ client, logger, template: 'logpipe-logs', flavour: 'auto', nodes: ['http://127.0.0.1:9200'], lifecycle: { ilm: 'auto', dataStreams: 'off', retentionDays: 0 }, patterns: patterns('logs-{topic}-{yyyy.MM.dd}'), onFatal: () => assert.fail('not fatal') });
  await setup.start();
  await setup.ready();
  assert.deepEqual(components, ['logpipe-logs@custom']);
  const sent = JSON.stringify(puts[0]);
  assert.ok(!sent.includes('ignore_missing_component_templates') && !sent.includes('"flattened"') && sent.includes('"flat_object"'), sent);
  assert.match((await setup.plan).reasons.join('; '), /OpenSearch 3\.8\.0 has no ISM/);
  await setup.stop();
});

test('a server that is neither Elasticsearch nor OpenSearch is fatal, naming the nodes', async () => {
  const { client, templates } = fakeCluster('other');
  let fatal: SetupProblem[] | undefined;
  const setup = new IndexSetup({ client, logger, template: 'logpipe-logs', flavour: 'auto', nodes: ['http://127.0.0.1:9090'], lifecycle: { ilm: 'auto', dataStreams: 'off', retentionDays: 0 }, patterns: patterns('logs-{topic}-{yyyy.MM.dd}'), onFatal: (problems) => (fatal = problems) });
  await setup.start();
  assert.equal(fatal?.[0]?.key, 'nodes');
  assert.equal(fatal?.[0]?.value, 'http://127.0.0.1:9090');
  assert.match(fatal?.[0]?.message ?? '', /neither Elasticsearch .* nor OpenSearch .*GET \/ answered 302/);
  assert.deepEqual(templates, []);
  await setup.stop();
});
