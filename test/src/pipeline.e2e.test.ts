import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { AppProcess } from './support/app-process.js';
import { allDocuments, countDocuments, elasticsearchClient } from './support/elasticsearch.js';
import { uniqueNames } from './support/unique-names.js';

/**
 * The walking skeleton, end to end on the real servers: a target put into etcd in the seeds'
 * `collect_config` form, 1,000 lines appended to a file, and exactly those 1,000 lines as
 * documents in Elasticsearch.
 */
const names = uniqueNames('e2e');
const servers = endpoints();
const es = elasticsearchClient();
const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
const index = `logs-${names.topic}-*`;
let dir: string;
let agent: AppProcess;
let transfer: AppProcess;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'logpipe-e2e-'));
  agent = await AppProcess.withConfig('logagent', dir, [
    '[agent]', `name = ${names.agentName}`, `data_dir = ${join(dir, 'agent-data')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${names.etcdPrefix}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, 'topic_partitions = 2',
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n'));
  transfer = await AppProcess.withConfig('logtransfer', dir, [
    '[transfer]', `group = ${names.group}`,
    // No `topics`: the transfer consumes the topic the target names, learnt from etcd.
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${names.etcdPrefix}`, `prefix = ${names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n'));
});

after(async () => {
  await Promise.allSettled([agent?.stop(), transfer?.stop()]);
  await etcd.delete().prefix(names.etcdPrefix + '/');
  etcd.close();
  await es.indices.delete({ index, ignore_unavailable: true, allow_no_indices: true });
  await rm(dir, { recursive: true, force: true });
});

test('1,000 lines appended to a file become exactly 1,000 documents with those messages', async () => {
  const logFile = join(dir, 'app.log');
  await writeFile(logFile, '');
  agent.start();
  transfer.start();
  await agent.waitForLog('running');
  await transfer.waitForLog('running');

  await etcd.put(`${names.etcdPrefix}/${names.agentName}/collect_config`).value(JSON.stringify([{ path: logFile, topic: names.topic }]));
  await agent.waitForLog('target started');

  const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} of the e2e test ${names.id} ünïcödé "quoted" \\ back`);
  // Appended in ten writes while the agent is following the file, as a real application would.
  for (let part = 0; part < 10; part++) {
    await appendFile(logFile, lines.slice(part * 100, part * 100 + 100).join('\n') + '\n');
  }

  await waitFor(async () => (await countDocuments(es, index)) >= 1000 || undefined, {
    what: `1,000 documents in ${index}`,
    timeoutMs: 60_000,
    intervalMs: 500,
  });
  const documents = await allDocuments<{
    message: string;
    '@timestamp': string;
    log: { offset: number; file: { path: string } };
    host: { name: string };
  }>(es, index, ['log.offset']);
  assert.equal(documents.length, 1000);
  assert.deepEqual(documents.map((d) => d.message), lines);
  let offset = 0;
  for (const document of documents) {
    assert.equal(document.log.file.path, logFile);
    assert.equal(document.log.offset, offset);
    assert.ok(document.host.name.length > 0);
    assert.ok(!Number.isNaN(Date.parse(document['@timestamp'])));
    offset += Buffer.byteLength(document.message) + 1;
  }

  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});
