import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { decodeEvents, readTopic, waitForTopic } from '../support/kafka.js';
import { metricsUrl } from '../support/metrics.js';

const FILES = 1000;
const LINES_PER_FILE = 10;

async function openLogFiles(pid: number, logDir: string): Promise<number> {
  const fds = await readdir(`/proc/${pid}/fd`);
  let count = 0;
  for (const fd of fds) {
    const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
    if (target.startsWith(logDir)) count++;
  }
  return count;
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

test('1,000 files: every line exactly once, inactive files closed, reopened when they grow, memory bounded', async () => {
  const f = await agentFixture('scale', { ini: { agent: ['close_inactive = 2s'] } });
  after(() => f.cleanup());
  const expected = new Map<string, string[]>();
  for (let i = 0; i < FILES; i++) {
    const path = join(f.logDir, `service-${i}.log`);
    const lines = Array.from({ length: LINES_PER_FILE }, (_, n) => `file ${i} line ${n}`);
    expected.set(path, lines);
    await writeFile(path, lines.join('\n') + '\n');
  }
  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('many', { path: join(f.logDir, '*.log'), topic: f.names.topic });

  const events = decodeEvents(await waitForTopic(f.kafka, f.names.topic, FILES * LINES_PER_FILE, 120_000));
  assert.equal(events.length, FILES * LINES_PER_FILE);
  const byPath = new Map<string, string[]>();
  for (const event of events) byPath.set(event.path, [...(byPath.get(event.path) ?? []), event.message]);
  assert.equal(byPath.size, FILES);
  // One file's lines share a message key, so they stay in order within their partition.
  for (const [path, lines] of expected) assert.deepEqual(byPath.get(path), lines, path);
  assert.equal(new Set(events.map((e) => e.id)).size, events.length);

  const pid = f.agent.pid;
  const rss = await rssMiB(pid);
  assert.ok(rss < 300, `RSS ${rss.toFixed(0)} MiB with ${FILES} files`);

  // Inactive for close_inactive: every descriptor on the logs is given back, and every file's
  // backlog is zero.
  await waitFor(async () => (await openLogFiles(pid, f.logDir)) === 0 || undefined, { what: 'all log files closed', timeoutMs: 20_000, intervalMs: 500 });
  const metrics = await (await fetch(`${await metricsUrl(f.agent)}/metrics`)).text();
  const backlog = metrics.split('\n').filter((l) => l.startsWith('logagent_file_backlog_bytes{'));
  assert.equal(backlog.length, FILES);
  assert.deepEqual(backlog.filter((l) => !l.endsWith(' 0')), []);
  assert.match(metrics, /^logagent_files_open\{[^}]*\} 0$/m);

  // Closed files that grow are reopened where they were acknowledged.
  const grown = [...expected.keys()].slice(0, 10);
  for (const path of grown) await appendFile(path, 'appended later\n');
  const after10 = decodeEvents(await waitForTopic(f.kafka, f.names.topic, FILES * LINES_PER_FILE + grown.length, 30_000));
  const appended = after10.filter((e) => e.message === 'appended later');
  assert.deepEqual(appended.map((e) => e.path).sort(), [...grown].sort());
  assert.equal((await readTopic(f.kafka, f.names.topic)).length, FILES * LINES_PER_FILE + grown.length);
});

test('inotify: writes and new files are picked up at once even with very slow polling and scanning', async () => {
  const f = await agentFixture('inotify', { ini: { agent: ['poll_interval = 30s', 'scan_interval = 60s'] } });
  after(() => f.cleanup());
  const first = join(f.logDir, 'a.log');
  await writeFile(first, 'before\n');
  f.agent.start();
  await f.agent.waitForLog('running');
  await f.putTarget('watched', { path: join(f.logDir, '*.log'), topic: f.names.topic });
  const harvesting = await f.agent.waitForLog('harvesting', 30_000, { path: first });
  await waitForTopic(f.kafka, f.names.topic, 1);

  // Neither a 30 s poll nor a 60 s scan could explain these arriving before a.log's first poll,
  // 30 s after its harvester started (the scan comes later still). The window ends 2 s short of
  // that poll, not at a fixed 10 s after the writes: on a loaded machine the steps before and
  // this test's reads of the topic (a consumer group join each) take seconds of it.
  const firstPollAt = Date.parse(harvesting['@timestamp'] as string) + 30_000;
  await appendFile(first, 'appended\n');
  await writeFile(join(f.logDir, 'b.log'), 'new file\n');
  const events = decodeEvents(await waitForTopic(f.kafka, f.names.topic, 3, firstPollAt - 2000 - Date.now()));
  assert.deepEqual(events.map((e) => e.message).sort(), ['appended', 'before', 'new file']);
});
