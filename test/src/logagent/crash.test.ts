import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import type { AppProcess } from '../support/app-process.js';
import { decodeEvents, readTopic, topicSize } from '../support/kafka.js';
import { LineWriter, tally } from './rotation-writer.js';

test('kill -9 mid-stream, then a new agent process: every line at least once, and a line sent twice keeps its event id', async (t) => {
  const f = await agentFixture('crash');
  const processes: AppProcess[] = [];
  after(() => f.cleanup(...processes));
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'crash', linesPerSecond: 8000 });

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: file, topic });
  writer.start();
  // Deadlines here are for what surely happens; on a loaded machine each read of the topic (a
  // consumer group join and every line so far) can take seconds.
  await waitFor(async () => (await topicSize(f.kafka, topic)) >= 20_000, { what: '20,000 lines in Kafka before the crash', timeoutMs: 60_000, intervalMs: 100 });

  await f.agent.kill();
  const inKafkaAtCrash = await topicSize(f.kafka, topic);
  await writer.waitForCount(writer.count + 4000);
  const restarted = await f.newAgentProcess();
  processes.push(restarted);
  restarted.start();
  await restarted.waitForLog('harvesting', 30_000);
  await writer.waitForCount(writer.count + 8000);
  const lines = await writer.stop();

  // Duplicates are allowed here, so "enough messages" is not "done": wait until every line is in.
  let events: ReturnType<typeof decodeEvents> = [];
  await waitFor(async () => {
    if ((await topicSize(f.kafka, topic)) < lines.length) return false;
    events = decodeEvents(await readTopic(f.kafka, topic));
    return tally(events, lines).missing.length === 0;
  }, { what: `all ${lines.length} lines in Kafka`, timeoutMs: 120_000, intervalMs: 500 });

  const result = tally(events, lines);
  assert.deepEqual(result.missing, []);
  assert.deepEqual(result.unexpected, []);
  assert.deepEqual(result.sharedIds, [], 'two different lines carry the same event id');
  const changedId = result.repeated.filter(({ ids }) => new Set(ids).size > 1);
  assert.deepEqual(changedId, [], 'a line sent twice got a different event id the second time');
  const duplicates = events.length - lines.length;
  t.diagnostic(`${lines.length} lines, ${inKafkaAtCrash} in Kafka at the crash, ${duplicates} sent twice (all with the same id)`);
  assert.equal(duplicates, result.repeated.reduce((sum, { ids }) => sum + ids.length - 1, 0));
  // The restart resumed at one saved offset (the registry is written every second): the lines
  // sent twice are one unbroken run of the file, not the file from its first line.
  const indexOf = new Map(lines.map((line, i) => [line, i]));
  const repeatedAt = result.repeated.map(({ message }) => indexOf.get(message)!).sort((a, b) => a - b);
  if (repeatedAt.length > 0) {
    assert.ok(repeatedAt[0]! > 0, 'the file was sent again from its first line: the registry offset was not used');
    assert.equal(repeatedAt.at(-1)! - repeatedAt[0]! + 1, repeatedAt.length, 'the lines sent twice are not one run from the saved offset');
  }
});
