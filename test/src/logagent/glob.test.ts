import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { LineWriter, summary, tally } from './rotation-writer.js';

const NOTHING_WRONG = summary(tally([], []));
const FILES = ['api.log', 'worker.log', 'cron.log'];
const LINES_PER_FILE = 5000;

test('glob target logs/*.log: files created after the target is in place are picked up within seconds, every line of each exactly once', async (t) => {
  const f = await agentFixture('glob');
  after(() => f.cleanup());
  const topic = f.names.topic;

  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('logs', { path: join(f.logDir, '*.log'), topic });
  await f.agent.waitForLog('target started', 10_000, { target: `${f.names.agentName}/targets/logs` });
  // Does not match the glob: none of its lines may be collected.
  await appendFile(join(f.logDir, 'notes.txt'), 'not a log line\n');

  const written = new Map<string, string[]>();
  let total = 0;
  for (const name of FILES) {
    const path = join(f.logDir, name);
    const writer = new LineWriter(path, { prefix: name, linesPerSecond: 10_000 }).start();
    const created = Date.now();
    // Picked up: the agent started reading the file, by its own log line's time. Not the first
    // line's arrival in Kafka as this test sees it: that adds the topic's creation (first file)
    // and a consumer group join per read of the topic, which on a loaded machine alone can take
    // seconds. That every line arrives is checked below, exactly.
    const harvesting = await f.agent.waitForLog('harvesting', 30_000, { path });
    const pickedUpMs = Date.parse(harvesting['@timestamp'] as string) - created;
    t.diagnostic(`${name} picked up ${pickedUpMs} ms after it was created`);
    assert.ok(pickedUpMs < 3000, `${name} was picked up after ${pickedUpMs} ms`);
    await writer.waitForCount(LINES_PER_FILE);
    written.set(path, await writer.stop());
    total += written.get(path)!.length;
  }

  const events = decodeEvents(await waitForTopic(f.kafka, topic, total, 120_000));
  assert.equal(events.length, total);
  for (const [path, lines] of written) {
    assert.deepEqual(summary(tally(events.filter((e) => e.path === path), lines)), NOTHING_WRONG, path);
  }
  assert.deepEqual(summary(tally(events, [...written.values()].flat())), NOTHING_WRONG);
});
