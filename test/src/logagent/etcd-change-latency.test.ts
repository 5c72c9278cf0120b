import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { text, waitForLogCount } from './etcd-test-support.js';

const LIMIT_MS = 1000;

test('an etcd put or delete takes effect within 1 s (watch, not polling)', async (t) => {
  const f = await agentFixture('latency');
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  await writeFile(file, text('x', 5));
  f.agent.start();
  await f.agent.waitForLog('running');
  const id = `${f.names.agentName}/targets/app`;

  /** Runs `change` and returns the ms from just before it to the agent's log line about it. */
  const timed = async (change: () => Promise<unknown>, message: string, count: number, topic?: string) => {
    const before = Date.now();
    await change();
    const line = await waitForLogCount(f.agent, message, count, { target: id });
    if (topic) assert.equal(line.topic, topic);
    return Date.parse(line['@timestamp'] as string) - before;
  };

  const measured: Record<string, number[]> = { added: [], changed: [], removed: [] };
  for (let round = 1; round <= 5; round++) {
    const topic = `${f.names.topic}_${round}`;
    measured.added!.push(await timed(async () => f.putTarget('app', { path: file, topic, start: 'end' }), 'target started', 2 * round - 1, topic));
    const changed = `${topic}_changed`;
    measured.changed!.push(await timed(async () => f.putTarget('app', { path: file, topic: changed, start: 'end' }), 'target started', 2 * round, changed));
    measured.removed!.push(await timed(async () => f.deleteTarget('app'), 'target removed; stopped', round));
  }
  for (const [what, times] of Object.entries(measured)) {
    assert.ok(Math.max(...times) < LIMIT_MS, `target ${what}: took ${times.join(', ')} ms; every one must be under ${LIMIT_MS} ms`);
  }
  t.diagnostic(`latencies (ms): ${JSON.stringify(measured)}`);
});
