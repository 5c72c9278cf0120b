import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, readTopic, waitForTopic } from '../support/kafka.js';
import { etcdProxy, lines, logsWith, text, waitForLogCount, waitForMetric } from './etcd-test-support.js';

test('etcd down at startup: the agent collects its last known targets, then resynchronises once etcd is back', async (t) => {
  const { proxy, endpoint } = await etcdProxy();
  const f = await agentFixture('etcd-down-start', { etcdEndpoints: [endpoint] });
  const restarted = await f.newAgentProcess();
  after(async () => {
    await f.cleanup(restarted);
    await proxy.stop();
  });
  const [fileA, fileB] = [join(f.logDir, 'a.log'), join(f.logDir, 'b.log')];
  const [topicA, topicB] = [`${f.names.topic}_a`, `${f.names.topic}_b`];
  const keyA = f.agentKey('targets/a');
  await writeFile(fileA, text('a1', 50));

  // A first run with etcd learns target a and persists it.
  await f.putTarget('a', { path: fileA, topic: topicA });
  f.agent.start();
  await f.agent.waitForLog('running');
  await waitForTopic(f.kafka, topicA, 50);
  assert.equal(await f.agent.stop(), 0);
  const known = JSON.parse(await readFile(join(f.dir, 'agent-data', 'known-targets.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(Object.keys(known), [keyA.slice(f.names.etcdPrefix.length + 1)]);

  // etcd is unreachable when the agent starts again: it runs from the known targets.
  proxy.pause();
  await appendFile(fileA, text('a2', 30));
  restarted.start();
  // Deadlines for what surely comes: start_timeout (5 s) after a process start, which on a loaded
  // machine takes seconds itself.
  await restarted.waitForLog('etcd unavailable at startup; running from the last known targets', 30_000);
  await restarted.waitForLog('running', 30_000);
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA, 80)).map((e) => e.message), [...lines('a1', 50), ...lines('a2', 30)]);

  // A target added while etcd is unreachable is picked up once the agent reconnects.
  await writeFile(fileB, text('b', 40));
  await f.putTarget('b', { path: fileB, topic: topicB });
  proxy.resume();
  const resumedAt = Date.now();
  // The resync retries back off up to 10 s while etcd is away: the next try may be that far off.
  const resynced = await restarted.waitForLog('etcd targets resynchronised', 30_000);
  t.diagnostic(`resynchronised ${Date.parse(resynced['@timestamp'] as string) - resumedAt} ms after etcd came back`);
  await restarted.waitForLog('target started', 10_000, { target: `${f.names.agentName}/targets/b` });
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicB, 40)).map((e) => e.message), lines('b', 40));
  await appendFile(fileA, text('a3', 10));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA, 90)).map((e) => e.message), [...lines('a1', 50), ...lines('a2', 30), ...lines('a3', 10)]);
  assert.equal((await readTopic(f.kafka, topicB)).length, 40);
  // Registration waited for etcd too, without holding up collection.
  await restarted.waitForLog('agent registered in etcd', 10_000);
  assert.equal(await restarted.stop(), 0);
});

test('etcd lost while running: a delete and a put made during the outage take effect after the agent reconnects', async () => {
  const { proxy, endpoint } = await etcdProxy();
  const f = await agentFixture('etcd-lost', { etcdEndpoints: [endpoint] });
  after(async () => {
    await f.cleanup();
    await proxy.stop();
  });
  const file = (name: string) => join(f.logDir, `${name}.log`);
  const topic = (name: string) => `${f.names.topic}_${name}`;
  const id = (name: string) => `${f.names.agentName}/targets/${name}`;
  for (const name of ['a', 'b', 'c']) await writeFile(file(name), text(`${name}1`, 20));
  await f.putTarget('a', { path: file('a'), topic: topic('a') });
  await f.putTarget('b', { path: file('b'), topic: topic('b') });
  await f.putTarget('typo', '{"path":');
  f.agent.start();
  await f.agent.waitForLog('running');
  await waitForTopic(f.kafka, topic('a'), 20);
  await waitForTopic(f.kafka, topic('b'), 20);
  await waitForMetric(f.agent, 'logagent_config_errors_total', 1);

  proxy.pause();
  await f.agent.waitForLog('etcd watch disconnected; will resynchronise when it reconnects', 10_000);
  // Written to etcd directly, not through the proxy: the agent cannot see these yet.
  await f.deleteTarget('a');
  await f.putTarget('c', { path: file('c'), topic: topic('c') });
  await sleep(1000); // proving an absence: the disconnected agent must not have applied either change
  assert.equal(f.agent.logs.filter((l) => l.message === 'target removed; stopped' || (l.message === 'target started' && l.target === id('c'))).length, 0);

  proxy.resume();
  await f.agent.waitForLog('target removed; stopped', 20_000, { target: id('a') });
  await f.agent.waitForLog('target started', 10_000, { target: id('c') });
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('c'), 20)).map((e) => e.message), lines('c1', 20));

  for (const name of ['a', 'b', 'c']) await appendFile(file(name), text(`${name}2`, 15));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('b'), 35)).map((e) => e.message), [...lines('b1', 20), ...lines('b2', 15)]);
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topic('c'), 35)).map((e) => e.message), [...lines('c1', 20), ...lines('c2', 15)]);
  await sleep(1000); // proving an absence: several scan and poll intervals for the removed target's harvester
  assert.deepEqual(decodeEvents(await readTopic(f.kafka, topic('a'))).map((e) => e.message), lines('a1', 20));
  // The resync listed the bad value again, but it is the same mistake: counted and logged once.
  await f.agent.waitForLog('etcd targets resynchronised');
  await waitForMetric(f.agent, 'logagent_config_errors_total', 1);
  // One outage, one resync: replacing the watches must not look like another reconnect.
  assert.equal(logsWith(f.agent, 'etcd targets resynchronised').length, 1);
  assert.equal(logsWith(f.agent, 'etcd watch disconnected; will resynchronise when it reconnects').length, 1);
  await waitForLogCount(f.agent, `rejected etcd value of ${f.agentKey('targets/typo')}; keeping its last valid version`, 1);
  // Each target started exactly once: the resync did not restart targets that did not change.
  await waitForLogCount(f.agent, 'target started', 1, { target: id('b') });
  await waitForLogCount(f.agent, 'target started', 1, { target: id('c') });
});
