import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';

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
    multiline: { pattern: '^\\d{4}-\\d{2}-\\d{2} ', negate: true, match: 'after', timeout: 500 },
  });

  // The fourth event has no following line to end it: only the 500 ms timeout emits it.
  const events = decodeEvents(await waitForTopic(f.kafka, f.names.topic, 4));
  assert.deepEqual(events.map((e) => e.message), [trace(1).join('\n'), '2026-11-24 21:00:05 INFO fine', trace(2).join('\n'), trace(3).join('\n')]);
  assert.deepEqual(events.map((e) => e.flags), [['multiline'], undefined, ['multiline'], ['multiline']]);
  const firstLineOffsets = [0, Buffer.byteLength(trace(1).join('\n')) + 1];
  assert.deepEqual(events.slice(0, 2).map((e) => e.offset), firstLineOffsets);

  // A trace written in two parts, more than a poll apart but within the timeout, stays one event.
  await appendFile(file, trace(4).slice(0, 3).join('\n') + '\n');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await appendFile(file, trace(4).slice(3).join('\n') + '\n');
  const all = decodeEvents(await waitForTopic(f.kafka, f.names.topic, 5));
  assert.equal(all.length, 5);
  assert.equal(all[4]!.message, trace(4).join('\n'));
});
