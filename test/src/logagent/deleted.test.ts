import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, readlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import type { AppProcess } from '../support/app-process.js';
import { decodeEvents, waitForTopic } from '../support/kafka.js';
import { LineWriter, summary, tally } from './rotation-writer.js';

const NOTHING_WRONG = summary(tally([], []));

/** The pid of the agent process started with this config file (AppProcess keeps its child private). */
async function pidOf(agent: AppProcess): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').includes(agent.configPath)) return Number(entry);
  }
  throw new Error(`no process runs with --config ${agent.configPath}`);
}

/** Where the process's open file descriptors point (`… (deleted)` for an unlinked file). */
async function openFiles(pid: number): Promise<string[]> {
  const fds = await readdir(`/proc/${pid}/fd`);
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t.startsWith('/'));
}

async function filesOpenGauge(metricsUrl: string): Promise<number> {
  const text = await (await fetch(`${metricsUrl}/metrics`)).text();
  const match = /^logagent_files_open(?:\{[^}]*\})? (\S+)$/m.exec(text);
  if (!match) throw new Error(`no logagent_files_open in /metrics:\n${text.slice(0, 500)}`);
  return Number(match[1]);
}

test('a file deleted while tailed: its remaining lines are read, then it is closed and logagent_files_open drops', async () => {
  const f = await agentFixture('deleted', { ini: { agent: ['close_removed_after = 1s'] } });
  after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const topic = f.names.topic;
  const writer = new LineWriter(file, { prefix: 'deleted', linesPerSecond: 10_000 });

  f.agent.start();
  const metricsUrl = (await f.agent.waitForLog('logagent started')).metrics as string;
  await f.putTarget('app', { path: file, topic });
  writer.start();
  await writer.waitForCount(2000);
  await waitForTopic(f.kafka, topic, 1000);
  const pid = await pidOf(f.agent);
  assert.ok((await openFiles(pid)).includes(file), 'the agent does not hold app.log open');
  assert.equal(await filesOpenGauge(metricsUrl), 1);

  // A burst, then the delete right away: the agent is still reading when the name goes.
  await writer.pause();
  await writer.burst(30_000);
  await unlink(file);
  const lines = await writer.stop();

  // A deadline for what surely comes: each read of the topic takes seconds on a loaded machine.
  const events = decodeEvents(await waitForTopic(f.kafka, topic, lines.length, 120_000));
  assert.deepEqual(summary(tally(events, lines)), NOTHING_WRONG);
  assert.equal(events.length, lines.length);

  await f.agent.waitForLog('file rotated away or deleted and fully read; closing', 10_000, { reason: 'deleted' });
  await waitFor(async () => !(await openFiles(pid)).some((t) => t.startsWith(file)), {
    what: `the agent (pid ${pid}) to close the deleted ${file}`,
    timeoutMs: 5000,
  });
  await waitFor(async () => (await filesOpenGauge(metricsUrl)) === 0, { what: 'logagent_files_open to drop to 0', timeoutMs: 5000 });
});
