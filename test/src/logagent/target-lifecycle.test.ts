import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, readTopic, topicSize, waitForTopic } from '../support/kafka.js';

const lines = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} line ${i}`);

test('adding, changing and removing a target while the agent runs: every line once, none after removal', async () => {
  const f = await agentFixture('lifecycle');
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const topicA = `${f.names.topic}_a`;
  const topicB = `${f.names.topic}_b`;
  await writeFile(file, lines('first', 100).join('\n') + '\n');
  f.agent.start();
  await f.agent.waitForLog('running');

  // Add: the file's existing 100 lines are read from the beginning.
  await f.putTarget('app', { path: file, topic: topicA });
  const first = decodeEvents(await waitForTopic(f.kafka, topicA, 100));
  assert.deepEqual(first.map((e) => e.message), lines('first', 100));

  // Change the topic: nothing is re-read, and the next lines go to the new topic.
  await f.putTarget('app', { path: file, topic: topicB, labels: { changed: 'yes' } });
  await f.agent.waitForLog('target changed; restarting it');
  await f.agent.waitForLog('target started', 10_000, { target: `${f.names.agentName}/targets/app` });
  await appendFile(file, lines('second', 50).join('\n') + '\n');
  const second = decodeEvents(await waitForTopic(f.kafka, topicB, 50));
  assert.deepEqual(second.map((e) => e.message), lines('second', 50));
  assert.equal(await topicSize(f.kafka, topicA), 100, 'the changed target re-sent lines to the old topic');

  // Remove: lines written afterwards are not collected.
  await f.deleteTarget('app');
  await f.agent.waitForLog('target removed; stopped');
  await appendFile(file, lines('third', 20).join('\n') + '\n');
  await sleep(1500); // several scan and poll intervals: long enough for a still-running harvester to ship
  assert.equal((await readTopic(f.kafka, topicB)).length, 50);
  assert.equal(await topicSize(f.kafka, topicA), 100);
});
