import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { lines, logsWith, text, waitForLogCount, waitForMetric } from './etcd-test-support.js';

test('a bad value for a running target is rejected, logged and counted; the old version and other targets keep running', async () => {
  // allowed_paths must be known before the fixture writes the agent's config, so the files live
  // in a directory of our own; the fixture's logDir is then the "outside" path.
  const allowed = await mkdtemp(join(tmpdir(), 'logpipe-bad-values-allowed-'));
  const f = await agentFixture('bad-values', { ini: { agent: [`allowed_paths = ${allowed}`] } });
  after(async () => {
    await f.cleanup();
    await rm(allowed, { recursive: true, force: true });
  });
  const [fileA, fileB] = [join(allowed, 'a.log'), join(allowed, 'b.log')];
  const [topicA, topicB] = [`${f.names.topic}_a`, `${f.names.topic}_b`];
  const idA = `${f.names.agentName}/targets/a`;
  const keyA = f.agentKey('targets/a');
  await writeFile(fileA, text('a0', 10));
  await writeFile(fileB, text('b0', 10));
  await f.putTarget('a', { path: fileA, topic: topicA });
  await f.putTarget('b', { path: fileB, topic: topicB });
  f.agent.start();
  await f.agent.waitForLog('running');
  await waitForTopic(f.kafka, topicA, 10);
  await waitForTopic(f.kafka, topicB, 10);
  await waitForMetric(f.agent, 'logagent_config_errors_total', 0);

  const bad: { what: string; value: string; problem: string }[] = [
    { what: 'invalid JSON', value: `{"path":"${fileA}","topic":`, problem: 'invalid JSON: ' },
    { what: 'a wrong type', value: JSON.stringify({ path: fileA, topic: 42 }), problem: '"topic" must be a non-empty string, got 42' },
    { what: 'an unknown field', value: JSON.stringify({ path: fileA, topic: topicA, tpoic: 'x' }), problem: 'unknown field "tpoic"; known fields: ' },
    {
      what: 'a path outside allowed_paths',
      value: JSON.stringify({ path: join(f.logDir, 'secret.log'), topic: topicA }),
      problem: `"path" ${JSON.stringify(join(f.logDir, 'secret.log'))} is outside allowed_paths (${allowed})`,
    },
  ];
  let round = 0;
  for (const { what, value, problem } of bad) {
    round++;
    await f.etcd.put(keyA).value(value);
    const rejected = await waitForLogCount(f.agent, `rejected etcd value of ${keyA}; keeping its last valid version`, round, { key: keyA });
    const errors = rejected.errors as string[];
    assert.equal(errors.length, 1, `${what}: expected exactly one problem, got ${JSON.stringify(errors)}`);
    assert.ok(errors[0]!.startsWith(problem), `${what}: the logged problem ${JSON.stringify(errors[0])} does not start with ${JSON.stringify(problem)}`);
    assert.equal(rejected['log.level'], 'error');
    await waitForMetric(f.agent, 'logagent_config_errors_total', round);
    assert.equal(logsWith(f.agent, `rejected etcd value of ${keyA}; keeping its last valid version`).length, round, `${what}: logged more than once`);

    // The old version of a keeps collecting to its old topic, and b is untouched.
    await appendFile(fileA, text(`a${round}`, 10));
    await appendFile(fileB, text(`b${round}`, 10));
    const expected = (prefix: string) => Array.from({ length: round + 1 }, (_, r) => lines(`${prefix}${r}`, 10)).flat();
    assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA, 10 * (round + 1))).map((e) => e.message), expected('a'), `${what}: topic a`);
    assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicB, 10 * (round + 1))).map((e) => e.message), expected('b'), `${what}: topic b`);
  }
  assert.deepEqual(logsWith(f.agent, 'target changed; restarting it'), [], 'a rejected value restarted a target');
  assert.deepEqual(logsWith(f.agent, 'target removed; stopped'), [], 'a rejected value stopped a target');
  assert.equal(logsWith(f.agent, 'target started', { target: idA }).length, 1);

  // A valid value replaces the last valid one as usual.
  const topicA2 = `${f.names.topic}_a2`;
  await f.putTarget('a', { path: fileA, topic: topicA2 });
  await f.agent.waitForLog('target changed; restarting it', 10_000, { target: idA });
  await f.agent.waitForLog('target started', 10_000, { target: idA, topic: topicA2 });
  await appendFile(fileA, text('a-new', 10));
  assert.deepEqual(decodeEvents(await waitForTopic(f.kafka, topicA2, 10)).map((e) => e.message), lines('a-new', 10));
  await waitForMetric(f.agent, 'logagent_config_errors_total', bad.length);
});
