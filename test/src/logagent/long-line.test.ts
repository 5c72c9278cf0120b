import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { createTopics, decodeEvents, produce, readTopic, waitForTopic } from '../support/kafka.js';

const MIB = 1024 * 1024;
const LINE_BYTES = 5 * 1000 * 1000;

/** Text that gzip cannot shrink much (base64 of random bytes), so size limits bite as they would on real data. */
function longLine(): string {
  return randomBytes((LINE_BYTES / 4) * 3).toString('base64');
}

/** Writes the line as an application would: in 64 KiB writes, then its newline with the next line. */
async function writeLongLine(file: string, line: string): Promise<void> {
  for (let i = 0; i < line.length; i += 64 * 1024) await appendFile(file, line.slice(i, i + 64 * 1024));
  await appendFile(file, '\nthe next line\n');
}

async function collectLongLine(label: string, target: Record<string, unknown>) {
  const f = await agentFixture(label);
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const line = longLine();
  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: file, topic: f.names.topic, ...target });
  await writeLongLine(file, line);
  await waitForTopic(f.kafka, f.names.topic, 2);
  return { f, line, events: decodeEvents(await readTopic(f.kafka, f.names.topic)) };
}

test('a 5 MB line with the default max_line_bytes: cut to 1 MiB and flagged truncated; the next line is intact', async () => {
  const { line, events } = await collectLongLine('long-line', {});
  assert.equal(events.length, 2);
  assert.equal(events[0]!.message.length, MIB);
  assert.ok(events[0]!.message === line.slice(0, MIB), 'the first MiB of the line was not kept as written');
  assert.deepEqual(events[0]!.flags, ['truncated']);
  assert.equal(events[0]!.offset, 0);
  assert.deepEqual([events[1]!.message, events[1]!.offset, events[1]!.flags], ['the next line', LINE_BYTES + 1, undefined]);
});

test('max_line_bytes of 8 MiB: a 5 MB event would be rejected by Kafka, so the line is cut at 1 MiB and the agent keeps going', async () => {
  const { f, line, events } = await collectLongLine('long-line-8m', { max_line_bytes: 8 * MIB });

  // Why: the broker (default message.max.bytes, 1 MiB + 12 bytes) refuses such an event even
  // compressed, and would refuse it again on every retry.
  await createTopics(f.kafka, [`${f.names.topic}_direct`], 1);
  await assert.rejects(
    produce(f.kafka, `${f.names.topic}_direct`, [{ value: line }], 'gzip'),
    (err: Error & { type?: string }) => err.type === 'MESSAGE_TOO_LARGE' || /larger than the max message size/.test(err.message),
  );

  await f.agent.waitForLog('max_line_bytes is larger than one Kafka message can carry; longer lines are cut at the limit and flagged truncated');
  assert.equal(events.length, 2);
  assert.equal(events[0]!.message.length, MIB);
  assert.ok(events[0]!.message === line.slice(0, MIB), 'the first MiB of the line was not kept as written');
  assert.deepEqual(events[0]!.flags, ['truncated']);
  assert.deepEqual([events[1]!.message, events[1]!.offset, events[1]!.flags], ['the next line', LINE_BYTES + 1, undefined]);
});
