import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, readTopic, topicSize, waitForTopic } from '../support/kafka.js';
import { lines, logsWith, text } from './etcd-test-support.js';

test("the seeds' collect_config array: two files to two topics, every line exactly once", async () => {
  const f = await agentFixture('forms-array');
  after(() => f.cleanup());
  const [fileA, fileB] = [join(f.logDir, 'a.log'), join(f.logDir, 'b.log')];
  const [topicA, topicB] = [`${f.names.topic}_a`, `${f.names.topic}_b`];
  await writeFile(fileA, text('a', 120));
  await writeFile(fileB, text('b', 80));
  await f.putCollectConfig([
    { path: fileA, topic: topicA },
    { path: fileB, topic: topicB },
  ]);
  f.agent.start();
  await f.agent.waitForLog('running');

  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA, 120)).map((e) => e.message), lines('a', 120));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicB, 80)).map((e) => e.message), lines('b', 80));

  // Lines appended while running follow, each once, to their own file's topic.
  await appendFile(fileA, text('a2', 30));
  await appendFile(fileB, text('b2', 40));
  const a = decodeEvents(await waitForTopic(f.kafka, topicA, 150));
  const b = decodeEvents(await waitForTopic(f.kafka, topicB, 120));
  assert.deepEqual(a.map((e) => e.message), [...lines('a', 120), ...lines('a2', 30)]);
  assert.deepEqual(b.map((e) => e.message), [...lines('b', 80), ...lines('b2', 40)]);
  assert.ok(a.every((e) => e.path === fileA) && b.every((e) => e.path === fileB), 'an event carried the other file\'s path');
  // With etcd up all along there is one listing: the watches' first connect is not a reconnect.
  assert.deepEqual(logsWith(f.agent, 'etcd targets resynchronised'), []);
  assert.deepEqual(logsWith(f.agent, 'etcd watch disconnected; will resynchronise when it reconnects'), []);
});

test('per-target keys and _all keys together; another agent\'s keys do not apply', async () => {
  const f = await agentFixture('forms-keys');
  after(() => f.cleanup());
  const own = join(f.logDir, 'own.log');
  const shared = join(f.logDir, 'shared.log');
  const sharedArray = join(f.logDir, 'shared-array.log');
  const foreign = join(f.logDir, 'foreign.log');
  const topic = (suffix: string) => `${f.names.topic}_${suffix}`;
  await writeFile(own, text('own', 50));
  await writeFile(shared, text('shared', 60));
  await writeFile(sharedArray, text('array', 70));
  await writeFile(foreign, text('foreign', 10));
  const all = (suffix: string) => `${f.names.etcdPrefix}/_all/${suffix}`;
  await f.putTarget('own', { path: own, topic: topic('own'), labels: { team: 'a' } });
  await f.etcd.put(all('targets/shared')).value(JSON.stringify({ path: shared, topic: topic('shared') }));
  await f.etcd.put(all('collect_config')).value(JSON.stringify([{ path: sharedArray, topic: topic('array') }]));
  await f.etcd.put(`${f.names.etcdPrefix}/agent-someone-else/targets/foreign`).value(JSON.stringify({ path: foreign, topic: topic('foreign') }));
  f.agent.start();
  await f.agent.waitForLog('running');

  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('own'), 50)).map((e) => e.message), lines('own', 50));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('shared'), 60)).map((e) => e.message), lines('shared', 60));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('array'), 70)).map((e) => e.message), lines('array', 70));

  // An _all target added while running applies at once, like the agent's own keys.
  const late = join(f.logDir, 'late.log');
  await writeFile(late, text('late', 25));
  await f.etcd.put(all('targets/late')).value(JSON.stringify({ path: late, topic: topic('late') }));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('late'), 25)).map((e) => e.message), lines('late', 25));

  // Deleting the _all key stops that target only.
  await f.etcd.delete().key(all('targets/shared'));
  await f.agent.waitForLog('target removed; stopped', 10_000, { target: '_all/targets/shared' });
  await appendFile(shared, text('shared-after', 5));
  await appendFile(own, text('own2', 5));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('own'), 55)).map((e) => e.message), [...lines('own', 50), ...lines('own2', 5)]);
  await sleep(1000); // proving an absence: several scan and poll intervals for a harvester that should be gone
  assert.equal((await readTopic(f.kafka, topic('shared'))).length, 60);
  assert.equal(await topicSize(f.kafka, topic('foreign')), 0, "another agent's target was collected");
  assert.equal(await topicSize(f.kafka, topic('array')), 70);
});
