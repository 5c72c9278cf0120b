import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { StallingEtcdProxy, lines, logsWith, text, waitForLogCount, waitForMetric } from './etcd-test-support.js';

test('etcd answering only after start_timeout: the agent starts from its known targets, and the late answer leaves one watch', async () => {
  const proxy = await StallingEtcdProxy.start();
  const f = await agentFixture('etcd-stalled', { etcdEndpoints: [proxy.endpoint], ini: { etcd: ['start_timeout = 1s'] } });
  const restarted = await f.newAgentProcess();
  after(async () => {
    await f.cleanup(restarted);
    await proxy.stop();
  });
  const [fileA, fileB] = [join(f.logDir, 'a.log'), join(f.logDir, 'b.log')];
  const [topicA, topicB] = [`${f.names.topic}_a`, `${f.names.topic}_b`];
  const typoKey = f.agentKey('targets/typo');
  await writeFile(fileA, text('a1', 20));
  await f.putTarget('a', { path: fileA, topic: topicA });
  f.agent.start();
  await waitForTopic(f.kafka, topicA, 20);
  assert.equal(await f.agent.stop(), 0);

  // etcd accepts connections but does not answer: start_timeout, not a refusal, ends the wait.
  proxy.stall();
  await appendFile(fileA, text('a2', 10));
  restarted.start();
  const fallback = await restarted.waitForLog('etcd unavailable at startup; running from the last known targets', 15_000);
  assert.match(JSON.stringify(fallback.err), /did not answer within 1000 ms/);
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA, 30)).map((e) => e.message), [...lines('a1', 20), ...lines('a2', 10)]);

  // The listing started at startup completes late; the resync loop must share it, not start a
  // second listing with a second set of watches (which would apply every change twice).
  proxy.release();
  await restarted.waitForLog('etcd targets resynchronised', 20_000);
  await f.putTarget('typo', '{"path":');
  await writeFile(fileB, text('b', 15));
  await f.putTarget('b', { path: fileB, topic: topicB });
  await restarted.waitForLog('target started', 10_000, { target: `${f.names.agentName}/targets/b` });
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicB, 15)).map((e) => e.message), lines('b', 15));
  // Watch events arrive in order: b started, so every watch has delivered the typo before it.
  await waitForLogCount(restarted, `rejected etcd value of ${typoKey}; keeping its last valid version`, 1);
  await waitForMetric(restarted, 'logagent_config_errors_total', 1);
  assert.equal(logsWith(restarted, 'target started', { target: `${f.names.agentName}/targets/b` }).length, 1);
  assert.equal(logsWith(restarted, 'etcd targets resynchronised').length, 1);
  assert.equal(await restarted.stop(), 0);
});
