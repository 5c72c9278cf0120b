import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, copyFile, rename, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import type { AppProcess } from '../support/app-process.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { LineWriter, summary, tally } from './rotation-writer.js';

const NOTHING_WRONG = summary(tally([], []));
const CLAIMED = 'file is a copy of a truncated file; reading it from where the original stopped';
const WAITING = 'file is a copy of a followed file; reading it only if the original is truncated';

/**
 * logrotate's copytruncate with `rotate N`: shift the old copies, copy app.log to app.log.1,
 * truncate app.log. Lines written between the copy and the truncation are lost on disk by
 * design (logrotate says so), so the writer pauses around it, as if it wrote through a lock.
 */
async function copytruncate(
  file: string,
  kept: number,
  writer: LineWriter,
  hooks: { beforeCopy?: () => Promise<void>; beforeTruncate?: () => Promise<void>; afterTruncate?: () => void } = {},
): Promise<void> {
  for (let n = kept; n >= 1; n--) await rename(`${file}.${n}`, `${file}.${n + 1}`);
  await writer.pause();
  await hooks.beforeCopy?.();
  await copyFile(file, `${file}.1`);
  await hooks.beforeTruncate?.();
  await truncate(file, 0);
  hooks.afterTruncate?.();
  writer.resume();
}

const count = (agent: AppProcess, message: string) => agent.logs.filter((l) => l.message === message).length;

test('copytruncate while a writer appends, target app.log*: every line exactly once, and the copy carries the original ids', async (t) => {
  const f = await agentFixture('copytrunc', { ini: { agent: ['close_removed_after = 1s'] } });
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'copytruncate', linesPerSecond: 10_000 });

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: `${file}*`, topic });
  writer.start();
  const rotations = 4;
  for (let rotation = 1; rotation <= rotations; rotation++) {
    await writer.waitForCount(rotation * 8000);
    const waiting = count(f.agent, WAITING);
    // Both orders of the race. Odd rotations: the scanner sees the copy while the original is
    // intact, and must wait. Even ones: the agent is behind when the file is copied and
    // truncated, so the lines it had not read yet survive only in the copy. It is frozen
    // (SIGSTOP) for that, not merely outpaced by a burst: a fast or idle machine lets an agent
    // catch up with any burst, and then no line would come from the copy.
    await copytruncate(file, rotation - 1, writer, rotation % 2 === 1
      ? { beforeTruncate: async () => void (await waitFor(() => count(f.agent, WAITING) > waiting, { what: `the agent to see copy ${rotation} and wait`, timeoutMs: 10_000, intervalMs: 20 })) }
      : {
          beforeCopy: async () => {
            f.agent.freeze();
            await writer.burst(2000);
          },
          afterTruncate: () => f.agent.thaw(),
        });
    await waitFor(() => count(f.agent, CLAIMED) >= rotation, { what: `the agent to claim copy ${rotation} for the truncated file`, timeoutMs: 10_000, intervalMs: 20 });
  }
  await writer.waitForCount(writer.count + 5000);
  const lines = await writer.stop();

  const events = decodeEvents(await waitForTopic(f.kafka, topic, lines.length, 30_000));
  assert.deepEqual(summary(tally(events, lines)), NOTHING_WRONG);
  assert.equal(events.length, lines.length);
  assert.equal(count(f.agent, CLAIMED), rotations, 'each copy is claimed once');
  // Events name the path their harvester opened: some lines were read from the copies.
  const fromCopies = events.filter((e) => e.path === `${file}.1`).length;
  t.diagnostic(`${lines.length} lines, ${fromCopies} of them read from the copies`);
  // At least the lines written while the agent was frozen, in each of the two even rotations.
  assert.ok(fromCopies >= 2 * 2000, `only ${fromCopies} lines were read from the copies; the 2 x 2000 written while the agent was frozen must be`);
});

test('a truncated file gets a new identity: lines written after truncation do not reuse the old lines\' event ids', async () => {
  const f = await agentFixture('truncate');
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  // Lines of the same length in every round, so each round's lines sit at the first round's offsets.
  const round = (label: string) => Array.from({ length: 1000 }, (_, i) => `${label} ${String(i).padStart(6, '0')}`);
  const write = async (lines: string[]) => {
    for (let i = 0; i < lines.length; i += 100) await appendFile(file, lines.slice(i, i + 100).join('\n') + '\n');
  };
  const first = round('first!');
  const second = round('second');
  const third = round('third!');

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: file, topic });
  await write(first);
  // The agent read every line before the truncation: none of them may be lost.
  await waitForTopic(f.kafka, topic, 1000);

  // The agent notices the truncation before new lines come.
  await truncate(file, 0);
  await f.agent.waitForLog('file truncated; reading it again from the start as a new file', 10_000);
  await write(second);
  await waitForTopic(f.kafka, topic, 2000);

  // Truncated and written again to the same size before the agent looks: only the first bytes
  // tell that the file changed.
  await truncate(file, 0);
  await write(third);

  const events = decodeEvents(await waitForTopic(f.kafka, topic, 3000));
  assert.deepEqual(summary(tally(events, [...first, ...second, ...third])), NOTHING_WRONG);
  assert.equal(events.length, 3000);
  const offsets = (prefix: string) => events.filter((e) => e.message.startsWith(prefix)).map((e) => e.offset);
  assert.deepEqual(offsets('second'), offsets('first!'), 'the new lines are at the old lines\' offsets');
  assert.deepEqual(offsets('third!'), offsets('first!'), 'the new lines are at the old lines\' offsets');
  assert.equal(new Set(events.map((e) => e.id)).size, 3000, 'two lines share an event id: the second would overwrite the first in Elasticsearch');
});

test('copytruncate while the agent is stopped: after the restart the lines only the copy has are read from it, every line exactly once', async () => {
  const f = await agentFixture('copytrunc-down');
  const processes: AppProcess[] = [];
  after(() => f.cleanup(...processes));
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'copytruncate-down', linesPerSecond: 8000 });

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('app', { path: `${file}*`, topic });
  writer.start();
  await waitForTopic(f.kafka, topic, 4000);
  assert.equal(await f.agent.stop(), 0);
  await writer.waitForCount(writer.count + 4000);
  await copytruncate(file, 0, writer);
  await writer.waitForCount(writer.count + 2000);

  const restarted = await f.newAgentProcess();
  processes.push(restarted);
  restarted.start();
  await restarted.waitForLog(CLAIMED, 15_000);
  await writer.waitForCount(writer.count + 4000);
  const lines = await writer.stop();

  const events = decodeEvents(await waitForTopic(f.kafka, topic, lines.length, 30_000));
  assert.deepEqual(summary(tally(events, lines)), NOTHING_WRONG);
  assert.equal(events.length, lines.length);
  await restarted.waitForLog('file was truncated or replaced while not followed; reading it as a new file');
});
