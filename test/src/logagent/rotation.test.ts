import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { waitFor } from '@logpipe/runtime';
import { LineWriter, summary, tally } from './rotation-writer.js';

const NOTHING_WRONG = summary(tally([], []));
const ROTATIONS = 4;

test('rename rotation while a writer appends fast: lines left in the renamed file are read through the held file, every line exactly once', async () => {
  const f = await agentFixture('rotation', { ini: { agent: ['close_removed_after = 1s'] } });
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'rotation', linesPerSecond: 10_000 });

  f.agent.start();
  await f.agent.waitForLog('running');
  // Only app.log: the renamed files are not in the target, so whatever the agent had not read
  // when the rename happened can only come through the file handle it holds.
  await f.putTarget('app', { path: file, topic });
  writer.start();
  for (let rotation = 1; rotation <= ROTATIONS; rotation++) {
    await writer.waitForCount(rotation * 10_000);
    // logrotate's `rotate N` without compression: shift the old ones, then app.log -> app.log.1.
    for (let n = rotation - 1; n >= 1; n--) await rename(`${file}.${n}`, `${file}.${n + 1}`);
    if (rotation % 2 === 1) {
      // While the writer appends: an append may be in flight across the rename.
      await rename(file, `${file}.1`);
    } else {
      // A burst right before the rename: the agent is surely behind when the name goes, and
      // the rest of the burst can only be read through the handle it holds.
      await writer.pause();
      await writer.burst(20_000);
      await rename(file, `${file}.1`);
      writer.resume();
    }
    // The writer's next append creates a new app.log; the agent must see it before the next rename.
    await waitFor(() => f.agent.logs.filter((l) => l.message === 'harvesting' && l.path === file).length > rotation, {
      what: `the agent to pick up the new app.log after rotation ${rotation}`,
      timeoutMs: 30_000,
      intervalMs: 20,
    });
  }
  await writer.waitForCount(writer.count + 5000);
  const lines = await writer.stop();

  // Every renamed-away file is drained through its handle, then closed.
  await waitFor(
    () => f.agent.logs.filter((l) => l.message === 'file rotated away or deleted and fully read; closing').length >= ROTATIONS,
    { what: `${ROTATIONS} rotated files to be read to their end and closed`, timeoutMs: 30_000 },
  );
  // ~65,000 lines: each read of the topic while they arrive takes seconds on a loaded machine.
  const events = decodeEvents(await waitForTopic(f.kafka, topic, lines.length, 120_000));
  assert.deepEqual(summary(tally(events, lines)), NOTHING_WRONG);
  assert.equal(events.length, lines.length);
});
