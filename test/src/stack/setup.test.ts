import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Etcd3 } from 'etcd3';
import { endpoints, repoRoot } from '@logpipe/services';
import { elasticsearchClient } from '../support/elasticsearch.js';
import { testKafka } from '../support/kafka.js';
import { uniqueNames } from '../support/unique-names.js';
import { FakeKibana } from './fake-kibana.js';
import { serverUnderTest } from '../support/search-server.js';

/**
 * The compose stack's one-shot `setup`, run as the image runs it (`node tools/setup/dist/main.js
 * --config FILE`) against the real Kafka, Elasticsearch and etcd, with the repo's own Kibana
 * objects and demo targets, and a fake Kibana (there is none here). A second run must change
 * nothing; what an operator changed meanwhile must survive; what went missing comes back.
 */
const run = promisify(execFile);
const names = uniqueNames('setup');
const servers = endpoints();
const topics = [`${names.topic}_a_log`, `${names.topic}_b_log`];
const stateIndex = `logpipe-setup-${names.id}`;
const kibana = new FakeKibana();
/** docker-compose.opensearch.yml's Dashboards, with its own objects and its own record of them. */
const dashboards = new FakeKibana('opensearch-dashboards');
const dashboardsFile = join(repoRoot(), 'config', 'opensearch-dashboards', 'logpipe.ndjson');
const dashboardsStateIndex = `${stateIndex}-osd`;
const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
const es = elasticsearchClient();
const kafka = testKafka();
const seeds = JSON.parse(await readFile(join(repoRoot(), 'config', 'compose', 'demo-targets.json'), 'utf8')) as Record<string, unknown>;
let dir: string;
let configPath: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logpipe-setup-'));
  const kibanaUrl = await kibana.start();
  configPath = join(dir, 'setup.ini');
  await writeFile(configPath, [
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${topics.join(', ')}`, 'partitions = 3',
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`, `state_index = ${stateIndex}`,
    '[kibana]', `url = ${kibanaUrl}`, `saved_objects = ${join(repoRoot(), 'config', 'kibana', 'logpipe.ndjson')}`, 'wait = 10s',
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`, `targets = ${join(repoRoot(), 'config', 'compose', 'demo-targets.json')}`,
  ].join('\n') + '\n');
});

after(async () => {
  await kibana.stop();
  await dashboards.stop();
  await etcd.delete().prefix(names.etcdPrefix + '/');
  etcd.close();
  await es.indices.delete({ index: [stateIndex, dashboardsStateIndex], ignore_unavailable: true });
  await es.close();
  const admin = kafka.admin();
  await admin.deleteTopics((await admin.listTopics()).filter((t) => t.startsWith(names.topic))).finally(() => admin.close());
  await rm(dir, { recursive: true, force: true });
});

async function setup(config = configPath, env: Record<string, string> = {}): Promise<Map<string, string>> {
  const { stdout } = await run(process.execPath, [join(repoRoot(), 'tools', 'setup', 'dist', 'main.js'), '--config', config], { env: { ...process.env, ...env } });
  // One line per thing: "<subject>  <outcome>[ (<detail>)]".
  return new Map(stdout.trim().split('\n').map((line) => {
    const m = /^(.+?)\s{2,}(created|updated|unchanged|skipped)(?: \((.*)\))?$/.exec(line);
    assert.ok(m, `unexpected output line: ${line}`);
    return [m[1]!, m[3] ? `${m[2]} (${m[3]})` : m[2]!];
  }));
}

test('the first run creates topics, seeds the targets and imports the Kibana objects; the second changes nothing', async () => {
  const first = await setup();
  const keys = Object.keys(seeds).map((key) => `etcd key ${names.etcdPrefix}/${key}`);
  for (const topic of topics) {
    assert.equal(first.get(`kafka topic ${topic}`), 'created (3 partitions)');
    assert.equal(first.get(`kafka topic ${topic}.dlq`), 'created (3 partitions)');
  }
  for (const key of keys) assert.equal(first.get(key), 'created');
  assert.equal(first.get('kibana saved objects logpipe.ndjson (10)'), 'created');
  // The template is the transfer's own, shared with every other test: installed or already equal.
  assert.match(first.get('elasticsearch index template logpipe-logs')!, /^(created|updated|unchanged)$/);
  if ((await serverUnderTest()).flavour === 'opensearch') {
    assert.match(first.get('elasticsearch ISM policy logpipe-logs')!, /^skipped \(this OpenSearch has no ISM: GET \/_plugins\/_ism\/policies\?size=1 answered 400\)$/);
  } else {
    assert.match(first.get('elasticsearch ILM policy logpipe-logs')!, /^skipped \(this Elasticsearch has no ILM: GET \/_ilm\/status answered \d+\)$/);
  }

  const admin = kafka.admin();
  const wanted = [...topics, ...topics.map((t) => `${t}.dlq`)];
  const partitions = await admin.partitionCounts(wanted).finally(() => admin.close());
  assert.deepEqual(wanted.map((t) => partitions.get(t)), [3, 3, 3, 3]);
  for (const [key, value] of Object.entries(seeds)) assert.deepEqual(JSON.parse((await etcd.get(`${names.etcdPrefix}/${key}`).string())!), value);

  assert.equal(kibana.imports.length, 1);
  const [request] = kibana.imports;
  assert.equal(request!.url, '/api/saved_objects/_import?overwrite=true');
  assert.ok(request!.headers['kbn-xsrf']);
  assert.equal(request!.filename, 'logpipe.ndjson');
  assert.equal(request!.content, await readFile(join(repoRoot(), 'config', 'kibana', 'logpipe.ndjson'), 'utf8'));

  const second = await setup();
  assert.deepEqual([...second.keys()].sort(), [...first.keys()].sort());
  for (const [subject, outcome] of second) assert.match(outcome, /^(unchanged|skipped)/, `${subject} changed on the second run: ${outcome}`);
  assert.equal(kibana.imports.length, 1, 'no second import');
});

test('a target an operator changed stays as it is; Kibana objects someone deleted are imported again', async () => {
  const [firstKey] = Object.keys(seeds);
  const edited = JSON.stringify({ path: '/var/log/demo/other.log', topic: 'app_log' });
  await etcd.put(`${names.etcdPrefix}/${firstKey}`).value(edited);
  kibana.stored.delete('dashboard/logpipe-logs-overview');

  const third = await setup();
  assert.equal(third.get(`etcd key ${names.etcdPrefix}/${firstKey}`), 'unchanged (differs from the seed; left as it is)');
  assert.equal(await etcd.get(`${names.etcdPrefix}/${firstKey}`).string(), edited);
  assert.equal(third.get('kibana saved objects logpipe.ndjson (10)'), 'updated (re-imported; Kibana lacked dashboard/logpipe-logs-overview)');
  assert.equal(kibana.imports.length, 2);
});

test('OpenSearch Dashboards, set by environment as docker-compose.opensearch.yml does: setup sends osd-xsrf and imports the Dashboards objects, once', async () => {
  const url = await dashboards.start();
  // The override's variables, with this machine's paths and this test's state index.
  const env = { LOGPIPE_SETUP_KIBANA_URL: url, LOGPIPE_SETUP_KIBANA_SAVED_OBJECTS: dashboardsFile, LOGPIPE_SETUP_ELASTICSEARCH_STATE_INDEX: dashboardsStateIndex };
  const first = await setup(configPath, env);
  assert.equal(first.get('kibana saved objects logpipe.ndjson (3)'), 'created');
  assert.equal(dashboards.imports.length, 1);
  const [request] = dashboards.imports;
  assert.equal(request!.url, '/api/saved_objects/_import?overwrite=true');
  assert.equal(request!.headers['osd-xsrf'], 'true');
  assert.equal(request!.content, await readFile(dashboardsFile, 'utf8'));
  assert.deepEqual([...dashboards.stored].sort(), ['index-pattern/logpipe-logs', 'search/logpipe-errors-search', 'search/logpipe-logs-search']);

  const second = await setup(configPath, env);
  assert.equal(second.get('kibana saved objects logpipe.ndjson (3)'), 'unchanged');
  assert.equal(dashboards.imports.length, 1, 'no second import');
});

test('invalid seeds stop setup before it changes anything, naming every problem', async () => {
  const badSeeds = join(dir, 'bad-targets.json');
  await writeFile(badSeeds, JSON.stringify({
    'web-1/targets/outside': { path: '/etc/passwd', topic: 'app_log' },
    'web-1/targets/typo': { path: '/var/log/a.log', topic: 'app_log', fromat: 'nginx' },
  }));
  const badConfig = join(dir, 'bad.ini');
  const badTopic = `${names.topic}_never_log`;
  await writeFile(badConfig, (await readFile(configPath, 'utf8')).replace(/^targets = .*$/m, `targets = ${badSeeds}`).replace(/^topics = .*$/m, `topics = ${badTopic}`));
  const failed = await run(process.execPath, [join(repoRoot(), 'tools', 'setup', 'dist', 'main.js'), '--config', badConfig]).then(
    () => assert.fail('setup accepted invalid seeds'),
    (err: { code: number; stderr: string }) => err,
  );
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /web-1\/targets\/outside: .*outside allowed_paths/);
  assert.match(failed.stderr, /web-1\/targets\/typo: unknown field "fromat"/);
  const admin = kafka.admin();
  assert.ok(!(await admin.listTopics().finally(() => admin.close())).includes(badTopic), 'no topic was created');
});

test('--check validates the file and the LOGPIPE_SETUP_* environment, reporting every problem', async () => {
  const ok = await run(process.execPath, [join(repoRoot(), 'tools', 'setup', 'dist', 'main.js'), '--check', '--config', join(repoRoot(), 'config', 'compose', 'setup.ini')]);
  assert.match(ok.stdout, /setup\.ini: OK/);
  const failed = await run(process.execPath, [join(repoRoot(), 'tools', 'setup', 'dist', 'main.js'), '--check', '--config', join(repoRoot(), 'config', 'compose', 'setup.ini')], {
    env: { ...process.env, LOGPIPE_SETUP_KAFKA_PARTITIONS: 'many', LOGPIPE_SETUP_ELASTICSEARCH_ILM: 'sometimes', LOGPIPE_SETUP_KIBANA_URLL: 'x' },
  }).then(() => assert.fail('accepted'), (err: { code: number; stderr: string }) => err);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /LOGPIPE_SETUP_KAFKA_PARTITIONS/);
  assert.match(failed.stderr, /LOGPIPE_SETUP_ELASTICSEARCH_ILM/);
  assert.match(failed.stderr, /LOGPIPE_SETUP_KIBANA_URLL/);
});
