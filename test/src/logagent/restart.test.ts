import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import type { AppProcess } from '../support/app-process.js';
import { decodeEvents, topicSize, waitForTopic } from '../support/kafka.js';
import { waitFor } from '@logpipe/runtime';
import { LineWriter, summary, tally } from './rotation-writer.js';

const NOTHING_WRONG = summary(tally([], []));

test('SIGTERM while a writer appends, then a new agent process on the same data dir: every line exactly once', async () => {
  const f = await agentFixture('restart');
  const processes: AppProcess[] = [];
  after(() => f.cleanup(...processes));
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'restart', linesPerSecond: 8000 });

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: file, topic });
  writer.start();
  // Deadlines here are for what surely happens; on a loaded machine each read of the topic (a
  // consumer group join and every line so far) can take seconds.
  await waitFor(async () => (await topicSize(f.kafka, topic)) >= 5000, { what: '5,000 lines in Kafka before the stop', timeoutMs: 60_000, intervalMs: 100 });

  // Graceful stop mid-stream: the agent drains what it read and saves the acknowledged offsets.
  assert.equal(await f.agent.stop(), 0, 'the agent did not exit 0 on SIGTERM');
  const writtenWhileDown = writer.count;
  await writer.waitForCount(writtenWhileDown + 4000);

  const restarted = await f.newAgentProcess();
  processes.push(restarted);
  restarted.start();
  await restarted.waitForLog('harvesting', 30_000);
  await writer.waitForCount(writer.count + 8000);
  const lines = await writer.stop();

  const events = decodeEvents(await waitForTopic(f.kafka, topic, lines.length, 120_000));
  assert.deepEqual(summary(tally(events, lines)), NOTHING_WRONG);
  assert.equal(events.length, lines.length);
});
