import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { endpoints } from '@logpipe/services';
import { agentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { logctl, logctlOk, serverFlags } from '../logctl/logctl-support.js';

interface Listed {
  id: string;
  consumed_by: string[] | null;
}
interface Status {
  topics: { topic: string; consumed_by: string[] | null }[];
  transfers: { name: string; group?: string; consuming?: string[] }[];
}

const lines = (label: string, count: number) => Array.from({ length: count }, (_, i) => `${label} line ${String(i).padStart(4, '0')}`);

/**
 * Issue #10: a target whose topic did not match the transfer's `topics` regex sat at 781
 * messages of lag with no documents, and nothing said so. Now a target's topic is consumed
 * because a target names it, and logctl says when no transfer would.
 */
test('a target on any topic name is indexed without touching the transfer; logctl flags a topic nobody consumes', async () => {
  const f = await agentFixture('target-topics');
  const es = elasticsearchClient();
  const servers = endpoints();
  const flags = serverFlags(f.names.etcdPrefix);
  const seedTopic = `verify_seed_${f.names.topic}`;
  const laterTopic = `${f.names.topic}.audit`;
  const indices = [`logs-${seedTopic}-*`, `logs-${laterTopic}-*`];
  const processes: AppProcess[] = [];
  after(async () => {
    await f.cleanup(...processes);
    // cleanup() deletes the topics that start with the fixture's name; this one does not.
    const admin = f.kafka.admin();
    await admin.deleteTopics([seedTopic]).catch(() => undefined);
    await admin.close();
    await es.indices.delete({ index: indices.join(','), ignore_unavailable: true, allow_no_indices: true });
    await es.close();
  });

  f.agent.start();
  await f.agent.waitForLog('running');
  const seedFile = join(f.logDir, 'seed.log');
  await writeFile(seedFile, '');

  // No transfer runs yet: adding the target warns, and status says nobody consumes the topic.
  const added = await logctlOk(['targets', 'add', '--agent', f.names.agentName, '--path', seedFile, '--topic', seedTopic, '--id', 'seed', '--json', ...flags]);
  assert.match(added.stderr, new RegExp(`^warning: no live transfer is registered under ${f.names.etcdPrefix}-transfer/workers/, so nothing consumes topic ${seedTopic}: its lines wait in Kafka`));
  assert.deepEqual((JSON.parse(added.stdout) as { consumed_by: string[] }).consumed_by, []);
  const seedLines = lines('seed', 300);
  await appendFile(seedFile, seedLines.join('\n') + '\n');
  await f.agent.waitForLog('target started');
  const before = await logctl(['status', '--json', '--group', f.names.group, ...flags]);
  assert.deepEqual((JSON.parse(before.stdout) as Status).topics.map((t) => [t.topic, t.consumed_by]), [[seedTopic, []]]);
  assert.match(before.stderr, new RegExp(`nothing consumes topic ${seedTopic}`));

  // A transfer with no [kafka] topics at all: it learns the topic from the target in etcd.
  const transfer = await AppProcess.withConfig('logtransfer', f.dir, [
    '[transfer]', `name = ${f.names.id}-w1`, `group = ${f.names.group}`, 'shutdown_timeout = 10s',
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${f.names.etcdPrefix}`, `prefix = ${f.names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  processes.push(transfer);
  transfer.start();
  await waitFor(async () => (await countDocuments(es, indices[0]!)) === 300 || undefined, { what: `300 documents in ${indices[0]}`, timeoutMs: 60_000, intervalMs: 500 });

  // Registered and consuming: logctl no longer flags the topic.
  await waitFor(async () => {
    const status = JSON.parse((await logctlOk(['status', '--json', '--group', f.names.group, ...flags])).stdout) as Status;
    return status.transfers.find((t) => t.consuming?.includes(seedTopic)) ? status : undefined;
  }, { what: 'the worker registered, consuming the seed topic', timeoutMs: 20_000, intervalMs: 500 });
  const status = JSON.parse((await logctlOk(['status', '--json', '--group', f.names.group, ...flags])).stdout) as Status;
  assert.deepEqual(status.topics.map((t) => [t.topic, t.consumed_by]), [[seedTopic, [f.names.group]]]);
  assert.deepEqual(status.transfers.map((t) => [t.name, t.group]), [[`${f.names.id}-w1`, f.names.group]]);
  const listed = await logctlOk(['targets', 'ls', '--json', ...flags]);
  assert.deepEqual((JSON.parse(listed.stdout) as Listed[]).map((t) => [t.id, t.consumed_by]), [[`${f.names.agentName}/seed`, [f.names.group]]]);
  assert.equal(listed.stderr, '');

  // A second target while everything runs: no warning, and its lines are indexed too.
  const laterFile = join(f.logDir, 'audit.log');
  await writeFile(laterFile, '');
  const second = await logctlOk(['targets', 'add', '--agent', f.names.agentName, '--path', laterFile, '--topic', laterTopic, '--id', 'audit', ...flags]);
  assert.equal(second.stderr, '', 'a topic the live transfer will consume is not flagged');
  const laterLines = lines('audit', 200);
  await appendFile(laterFile, laterLines.join('\n') + '\n');
  await waitFor(async () => (await countDocuments(es, indices[1]!)) === 200 || undefined, { what: `200 documents in ${indices[1]}`, timeoutMs: 60_000, intervalMs: 500 });

  // Exactly the lines written, in each index.
  for (const [index, written] of [[indices[0]!, seedLines], [indices[1]!, laterLines]] as const) {
    const { hits } = await es.search<{ message: string }>({ index, size: 1000, sort: [{ 'log.offset': 'asc' }] });
    assert.deepEqual(hits.hits.map((h) => h._source!.message), written);
  }

  // The target removed: the transfer drops its topic from the subscription.
  await logctlOk(['targets', 'rm', `${f.names.agentName}/seed`, ...flags]);
  await waitFor(() => transfer.logs.find((l) => l.message === 'the topics to consume changed; restarting the consumer with the new set' && JSON.stringify(l.removed) === JSON.stringify([seedTopic])), {
    what: `the transfer to stop consuming ${seedTopic}`,
    timeoutMs: 20_000,
  });
  assert.equal(await transfer.stop(), 0, transfer.output);
});
