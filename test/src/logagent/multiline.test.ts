import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { metricSum, metricsUrl } from '../support/metrics.js';

/**
 * The multiline timeout. Long enough that the test can append the second part of a trace once the
 * agent has read the first: with 500 ms, a loaded machine (late timers, a slow append) could let
 * it run out in between, and the agent then rightly emits the first part alone.
 */
const TIMEOUT_MS = 3000;

const trace = (n: number) => [
  `2026-11-24 21:00:0${n} ERROR request ${n} failed`,
  'java.lang.IllegalStateException: boom',
  '\tat com.example.Service.handle(Service.java:42)',
  '\tat com.example.Server.run(Server.java:7)',
  'Caused by: java.io.IOException: disk full',
  '\t... 2 more',
];

test('Java stack traces become one event each; the last is flushed by the timeout', async () => {
  const f = await agentFixture('multiline');
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const content = [...trace(1), '2026-11-24 21:00:05 INFO fine', ...trace(2), ...trace(3)];
  await writeFile(file, content.join('\n') + '\n');
  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('java', {
    path: file,
    topic: f.names.topic,
    multiline: { pattern: '^\\d{4}-\\d{2}-\\d{2} ', negate: true, match: 'after', timeout: TIMEOUT_MS },
  });

  // The fourth event has no following line to end it: only the timeout emits it.
  const events = decodeEvents(await waitForTopic(f.kafka, f.names.topic, 4));
  assert.deepEqual(events.map((e) => e.message), [trace(1).join('\n'), '2026-11-24 21:00:05 INFO fine', trace(2).join('\n'), trace(3).join('\n')]);
  assert.deepEqual(events.map((e) => e.flags), [['multiline'], undefined, ['multiline'], ['multiline']]);
  const firstLineOffsets = [0, Buffer.byteLength(trace(1).join('\n')) + 1];
  assert.deepEqual(events.slice(0, 2).map((e) => e.offset), firstLineOffsets);

  // A trace written in two parts, read apart but within the timeout, stays one event. The second
  // part is written once the agent has read the first (its bytes_read counter), not after a
  // fixed 200 ms: that proves the two were read separately, however fast or slow the machine.
  await appendFile(file, trace(4).slice(0, 3).join('\n') + '\n');
  const { size } = await stat(file);
  const url = await metricsUrl(f.agent);
  await waitFor(async () => (await metricSum(url, 'logagent_bytes_read_total')) === size || undefined, {
    what: `the agent to read the first part of trace 4 (to byte ${size})`,
    timeoutMs: 15_000,
    intervalMs: 20,
  });
  await appendFile(file, trace(4).slice(3).join('\n') + '\n');
  const all = decodeEvents(await waitForTopic(f.kafka, f.names.topic, 5));
  assert.equal(all.length, 5);
  assert.equal(all[4]!.message, trace(4).join('\n'));
});
