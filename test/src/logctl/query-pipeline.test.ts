import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { AppProcess } from '../support/app-process.js';
import { countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { createTopics, testKafka } from '../support/kafka.js';
import { uniqueNames } from '../support/unique-names.js';
import { logctlOk, RunningLogctl, serverFlags } from './logctl-support.js';

/**
 * The operator's path end to end, on the real servers: a target added with `logctl targets add`,
 * lines appended to the file, a real agent and transfer carrying them to Elasticsearch, and
 * `logctl query` finding exactly those lines in file order, then `--follow` printing new ones.
 */
const names = uniqueNames('logctl-pipeline');
const servers = endpoints();
const es = elasticsearchClient();
const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
const flags = serverFlags(names.etcdPrefix);
const index = `logs-${names.topic}-*`;
const kafka = testKafka();
let dir: string;
let agent: AppProcess;
let transfer: AppProcess;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logctl-pipeline-'));
  // The topic exists before the transfer starts, as in production: this test is about logctl,
  // not about a transfer discovering topics created later (pipeline.e2e.test.ts covers that).
  await createTopics(kafka, [names.topic], 2);
  agent = await AppProcess.withConfig('logagent', dir, [
    '[agent]', `name = ${names.agentName}`, `data_dir = ${join(dir, 'agent-data')}`, 'scan_interval = 250ms', 'poll_interval = 50ms',
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, 'topic_partitions = 2', 'linger = 5ms',
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n'));
  transfer = await AppProcess.withConfig('logtransfer', dir, [
    '[transfer]', `group = ${names.group}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${names.topic}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${names.etcdPrefix}`, `prefix = ${names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n'));
  agent.start();
  transfer.start();
  await Promise.all([agent.waitForLog('running'), transfer.waitForLog('running')]);
});

after(async () => {
  await Promise.allSettled([agent?.stop(), transfer?.stop()]);
  await etcd.delete().prefix(`${names.etcdPrefix}/`);
  etcd.close();
  await es.indices.delete({ index, ignore_unavailable: true, allow_no_indices: true });
  await es.close();
  const admin = kafka.admin();
  await admin.deleteTopics([names.topic]).catch(() => undefined);
  await admin.deleteGroups([names.group]).catch(() => undefined);
  await admin.close();
  await rm(dir, { recursive: true, force: true });
});

const waitForDocuments = (count: number) =>
  waitFor(async () => (await countDocuments(es, index)) >= count || undefined, { what: `${count} documents in ${index}`, timeoutMs: 30_000, intervalMs: 250 });

test('a target added with logctl, and its lines found with logctl query: exactly the lines written, in order', async () => {
  const file = join(dir, 'app.log');
  const other = join(dir, 'other.log');
  await writeFile(file, '');
  await writeFile(other, '');
  await logctlOk(['targets', 'add', '--agent', names.agentName, '--path', join(dir, '*.log'), '--topic', names.topic, '--id', 'app', ...flags]);
  await agent.waitForLog('target started');

  const lines = Array.from({ length: 60 }, (_, i) => `request ${i} ${i % 3 === 0 ? 'timeout talking to db' : 'ok'} ${names.id}`);
  for (let part = 0; part < 3; part++) await appendFile(file, lines.slice(part * 20, part * 20 + 20).join('\n') + '\n');
  await appendFile(other, `noise timeout talking to db ${names.id}\n`);
  await waitForDocuments(61);

  const query = async (...args: string[]) => (await logctlOk(['query', '--topic', names.topic, ...args, ...flags])).stdout.split('\n').filter(Boolean);
  const all = await query(names.id, '--file', file);
  assert.equal(all.length, 60);
  const pattern = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z ${hostname()} ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (.*)$`);
  assert.deepEqual(all.map((l) => pattern.exec(l)?.[1]), lines);
  assert.deepEqual(
    (await query('timeout talking to db', '--host', hostname(), '--file', file)).map((l) => pattern.exec(l)?.[1]),
    lines.filter((l) => l.includes('timeout')),
  );
  assert.equal((await query('timeout talking to db')).length, 21, 'the other file matched too');
});

test('--follow prints lines appended to the file as they arrive, until Ctrl-C', async () => {
  const file = join(dir, 'app.log');
  const follow = new RunningLogctl(['query', '--follow', '--topic', names.topic, '--file', file, `follow ${names.id}`, ...flags]);
  try {
    const appended = Array.from({ length: 5 }, (_, i) => `follow ${names.id} ${i}`);
    await appendFile(file, appended.slice(0, 2).join('\n') + '\n');
    assert.deepEqual((await follow.waitForLines(2)).map((l) => l.slice(l.indexOf(': ') + 2)), appended.slice(0, 2));
    await appendFile(file, appended.slice(2).join('\n') + '\n');
    assert.deepEqual((await follow.waitForLines(5)).map((l) => l.slice(l.indexOf(': ') + 2)), appended);
    assert.equal(await follow.interrupt(), 0, follow.stderr);
    assert.equal(follow.lines.length, 5);
  } finally {
    await follow.kill();
  }
});
