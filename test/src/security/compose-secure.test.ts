import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Etcd3 } from 'etcd3';
import { createKafka } from '@logpipe/kafka';
import { waitFor } from '@logpipe/runtime';
import { etcdPath, freePort, kafkaHomeFromJars, repoRoot } from '@logpipe/services';
import { AppProcess } from '../support/app-process.js';
import { load, mergeCompose, type ComposeFile } from '../support/compose-file.js';
import { FakeKibana } from '../stack/fake-kibana.js';
import { assertNoSecrets, secureSearch, type SecureSearch } from './secure-search.js';

/**
 * docker-compose.secure.yml, run without Docker: its own certificate script, its broker's
 * properties and start script, its etcd flags, and the environment it gives setup, logagent and
 * logtransfer, with the compose host names, ports and paths mapped onto 127.0.0.1 and a temp dir.
 * Kafka (SASL_SSL SCRAM-SHA-512, TLS controller, ACLs) and etcd (client-certificate TLS) run from
 * the compose files' settings; Elasticsearch is the harness's elasticsearch-secure (HTTPS,
 * security on), whose certificate its own CA signed, so that one CA path is mapped too.
 */
const root = repoRoot();
const LINES = 400;
const passwords = Object.fromEntries(
  ['ELASTIC', 'KIBANA_SYSTEM', 'KAFKA_ADMIN', 'KAFKA_LOGAGENT', 'KAFKA_LOGTRANSFER', 'GRAFANA_ADMIN'].map((name) => [`${name}_PASSWORD`, `pw${randomBytes(12).toString('hex')}`]),
);
const secure = mergeCompose(load(await readFile(join(root, 'docker-compose.yml'), 'utf8')), load(await readFile(join(root, 'docker-compose.secure.yml'), 'utf8'), passwords)) as ComposeFile;

let dir: string;
let certs: string;
let search: SecureSearch;
let kafka: ChildProcess | undefined;
let etcd: ChildProcess | undefined;
const kibana = new FakeKibana();
const apps: AppProcess[] = [];
const ports: Record<string, number> = {};
let kibanaUrl = '';


/** A compose value as it is on this machine: service names and ports onto 127.0.0.1, /certs onto the temp dir. */
function local(value: string): string {
  return value
    .replace(/kafka:9092/g, `127.0.0.1:${ports.kafkaScram}`)
    .replace(/https:\/\/etcd:2379/g, `https://127.0.0.1:${ports.etcd}`)
    .replace(/https:\/\/elasticsearch:9200/g, search.url)
    .replace(/http:\/\/kibana:5601/g, kibanaUrl)
    .replace(/^0\.0\.0\.0:9600$/, `127.0.0.1:${ports.agentMetrics}`)
    .replace(/^0\.0\.0\.0:9601$/, `127.0.0.1:${ports.transferMetrics}`)
    .replace(/^\/certs\//, `${certs}/`);
}

/** The environment compose gives `service`, mapped; Elasticsearch's CA and user are the harness server's. */
function envOf(service: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(secure.services[service]!.environment ?? {})) env[key] = local(String(value));
  for (const key of Object.keys(env)) {
    if (key.endsWith('_ELASTICSEARCH_CA_FILE')) env[key] = search.caCert;
    if (key.endsWith('_ELASTICSEARCH_USERNAME')) env[key] = 'admin';
    if (key.endsWith('_ELASTICSEARCH_PASSWORD')) env[key] = search.passwords.admin;
  }
  return { ...env, ...extra };
}

function spawnServer(command: string, args: string[], env: Record<string, string>, log: string): ChildProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', () => void writeFile(join(dir, log), output).catch(() => undefined));
  return child;
}

const adminKafka = () =>
  createKafka({
    brokers: [`127.0.0.1:${ports.kafkaScram}`],
    clientId: 'compose-secure-test',
    tls: { enabled: true, caFile: join(certs, 'ca.crt') },
    sasl: { mechanism: 'scram-sha-512', username: 'admin', password: passwords.KAFKA_ADMIN_PASSWORD! },
  }).admin();

const operatorEtcd = async () =>
  new Etcd3({
    hosts: [`https://127.0.0.1:${ports.etcd}`],
    credentials: { rootCertificate: await readFile(join(certs, 'ca.crt')), certChain: await readFile(join(certs, 'operator.crt')), privateKey: await readFile(join(certs, 'operator.key')) },
  });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logpipe-compose-secure-'));
  certs = join(dir, 'certs');
  for (const name of ['kafkaScram', 'kafkaController', 'kafkaMtls', 'etcd', 'etcdPeer', 'agentMetrics', 'transferMetrics']) ports[name] = await freePort();
  search = await secureSearch();
  await search.deleteIndices('logs-app_log-*');
  kibanaUrl = await kibana.start();

  // The certs service: the image's entry point running make-certs.sh.
  const made = spawnSync('sh', [join(root, 'scripts', 'docker-entrypoint.sh'), ...secure.services.certs!.command!.map((arg) => arg.replace(/^\/certs$/, certs))], { encoding: 'utf8', env: { ...process.env, LOGPIPE_HOME: root } });
  assert.equal(made.status, 0, made.stderr);

  // The broker: the compose file's properties and its start script, on the harness's jars.
  const listenerPorts: Record<string, number> = { '9092': ports.kafkaScram!, '9093': ports.kafkaController!, '9094': ports.kafkaMtls! };
  const properties = (await readFile(join(root, 'config', 'compose', 'secure', 'kafka.properties'), 'utf8'))
    .replace(/(\/\/|kafka):(909[234])\b/g, (_, host: string, port: string) => `${host === '//' ? '//' : ''}127.0.0.1:${listenerPorts[port]}`)
    .replace(/\/certs\//g, `${certs}/`)
    .replace(/^log\.dirs=.*$/m, `log.dirs=${join(dir, 'kafka-data')}`);
  const propertiesFile = join(dir, 'kafka.properties');
  await writeFile(propertiesFile, properties);
  const kafkaEntrypoint = secure.services.kafka!.entrypoint!;
  assert.deepEqual(kafkaEntrypoint, ['sh', '/etc/logpipe/kafka/kafka-start.sh']);
  kafka = spawnServer('sh', [join(root, 'config', 'compose', 'secure', 'kafka-start.sh')], {
    ...envOf('kafka'),
    KAFKA_HOME: await kafkaHomeFromJars(join(dir, 'kafka-home')),
    KAFKA_PROPERTIES: propertiesFile,
    KAFKA_DATA_DIR: join(dir, 'kafka-data'),
  }, 'kafka.log');

  // etcd with the compose file's flags (and peer URLs of its own: the compose one uses the defaults).
  const [etcdCommand, ...etcdFlags] = secure.services.etcd!.command!;
  assert.equal(etcdCommand, 'etcd');
  const flags = etcdFlags.map((flag) => flag.replace(/(0\.0\.0\.0|etcd):2379/, `127.0.0.1:${ports.etcd}`).replace(/=\/certs\//, `=${certs}/`).replace(/=\/etcd-data$/, `=${join(dir, 'etcd-data')}`));
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  etcd = spawnServer(await etcdPath(), [...flags, `--listen-peer-urls=${peer}`, `--initial-advertise-peer-urls=${peer}`, `--initial-cluster=etcd=${peer}`], {}, 'etcd.log');

  const admin = adminKafka();
  try {
    await waitFor(async () => (await admin.listTopics()) !== undefined, { what: 'the compose broker to accept the SCRAM admin over TLS', timeoutMs: 90_000, intervalMs: 1000 });
  } finally {
    await admin.close();
  }
  const client = await operatorEtcd();
  try {
    await waitFor(async () => (await client.get('health-probe').string()) === null, { what: 'the compose etcd to accept a client certificate', timeoutMs: 30_000, intervalMs: 500 });
  } finally {
    client.close();
  }
});

after(async () => {
  for (const app of apps) await app.stop().catch(() => undefined);
  kafka?.kill('SIGKILL');
  etcd?.kill('SIGKILL');
  await kibana.stop();
  await search?.deleteIndices('logs-app_log-*');
  await search?.admin.close();
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (process.env.KEEP_TEST_DIR !== '1') await rm(dir, { recursive: true, force: true });
});

/** Setup through the image's entry point; asynchronously, so the fake Kibana in this process can answer it. */
async function setup(): Promise<{ status: number; stdout: string; stderr: string }> {
  const args = [join(root, 'scripts', 'docker-entrypoint.sh'), ...secure.services.setup!.command!.map((arg) => arg.replace(/^\/etc\/logpipe\//, `${root}/config/`))];
  try {
    const { stdout, stderr } = await run('sh', args, { encoding: 'utf8', env: { ...process.env, ...envOf('setup'), LOGPIPE_HOME: root } });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
const run = promisify(execFile);

test('setup, with the environment the secure compose gives it: topics and ACLs over SCRAM and TLS, targets over etcd mTLS, the template over HTTPS; a second run changes nothing', async () => {
  const first = await setup();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /kafka topic app_log\s+created/);
  assert.match(first.stdout, /kafka ACLs of User:logagent\s+created \(6 of 6\)/);
  assert.match(first.stdout, /kafka ACLs of User:logtransfer\s+created \(11 of 11\)/);
  assert.match(first.stdout, /etcd key \/logagent\/docker-host\/targets\/demo-app\s+created/);
  const admin = adminKafka();
  try {
    assert.deepEqual((await admin.describeAcls('User:logagent')).map((b) => `${b.resource}:${b.name}:${b.operation}`).sort(), [
      'topic:app_log:create', 'topic:app_log:describe', 'topic:app_log:write', 'topic:nginx_log:create', 'topic:nginx_log:describe', 'topic:nginx_log:write',
    ]);
  } finally {
    await admin.close();
  }
  const second = await setup();
  assert.equal(second.status, 0, second.stderr);
  assert.doesNotMatch(second.stdout, /\b(created|updated)\b/, second.stdout);
  assertNoSecrets('setup output', first.stdout + first.stderr + second.stdout + second.stderr, Object.values(passwords));
});

test('logagent and logtransfer, as the secure compose runs them (their own SCRAM users, only the ACLs setup granted, etcd client certificates): every line indexed once', async () => {
  const logs = join(dir, 'logs');
  await mkdir(logs, { recursive: true });
  const file = join(logs, 'app.log');
  await writeFile(file, Array.from({ length: LINES }, (_, i) => JSON.stringify({ message: `compose secure line ${i}`, 'log.level': 'info' })).join('\n') + '\n');
  const client = await operatorEtcd();
  try {
    await client.put('/logagent/docker-host/targets/compose-test').value(JSON.stringify({ path: file, topic: 'app_log', format: 'json' }));
  } finally {
    client.close();
  }
  const agent = new AppProcess('logagent', join(root, 'config', 'logagent.ini'), envOf('logagent', { LOGAGENT_AGENT_DATA_DIR: join(dir, 'agent-data'), LOGAGENT_AGENT_ALLOWED_PATHS: logs }));
  const transfer = new AppProcess('logtransfer', join(root, 'config', 'logtransfer.ini'), envOf('logtransfer'));
  apps.push(agent.start(), transfer.start());

  const indexed = await waitFor(async () => {
    const count = await search.count('logs-app_log-*');
    return count >= LINES ? count : undefined;
  }, {
    what: `${LINES} documents in logs-app_log-*`,
    timeoutMs: 120_000,
    intervalMs: 1000,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\nagent:\n${agent.output.slice(-3000)}\ntransfer:\n${transfer.output.slice(-3000)}`);
  });
  // A moment for anything duplicated to arrive, then the exact count and every line once.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.equal(await search.count('logs-app_log-*'), LINES, `indexed ${indexed}`);
  const { hits } = await search.admin.search<{ message: string }>({ index: 'logs-app_log-*', size: LINES, _source: ['message'] });
  assert.equal(new Set(hits.hits.map((h) => h._source!.message)).size, LINES);

  for (const app of [agent, transfer]) assert.equal(await app.stop(), 0, `${app.app} exits cleanly on SIGTERM`);
  assertNoSecrets('the apps\' logs', agent.transcript + transfer.transcript, Object.values(passwords));
});
