import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isOurProcess, readCmdline, readPidFile, terminate, writePidFile } from './process-control.js';

const children: ChildProcess[] = [];
after(() => children.forEach((c) => c.kill('SIGKILL')));

/**
 * A long-running process carrying `marker` as an argument, like our servers carry theirs.
 * Resolves once it has set up its signal handling and said so.
 */
async function spawnSleeper(marker: string, ignoreSigterm = false): Promise<number> {
  const script = `${ignoreSigterm ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000); console.log('ready');`;
  const child = spawn(process.execPath, ['-e', script, '--', marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await once(child.stdout!, 'data');
  return child.pid!;
}

test('readCmdline returns the argument vector of a live process', () => {
  const argv = readCmdline(process.pid);
  assert.ok(argv);
  assert.equal(argv[0], process.execPath);
});

test('readCmdline returns undefined for a pid that does not exist', () => {
  assert.equal(readCmdline(2 ** 22 + 1), undefined);
});

test('a live process is ours only when every signature argument appears whole', async () => {
  const pid = await spawnSleeper('--marker=abc');
  assert.equal(isOurProcess(pid, ['--marker=abc']), true);
  assert.equal(isOurProcess(pid, ['--marker=abc', '-e']), true);
  assert.equal(isOurProcess(pid, ['--marker=ab']), false, 'a prefix is not a match');
  assert.equal(isOurProcess(pid, ['--marker=other']), false);
});

test('terminate stops a process with SIGTERM and reports it', async () => {
  const pid = await spawnSleeper('--marker=term');
  assert.equal(await terminate(pid, ['--marker=term']), 'terminated');
  assert.equal(isOurProcess(pid, ['--marker=term']), false);
});

test('terminate falls back to SIGKILL when SIGTERM is ignored past the grace period', async () => {
  const pid = await spawnSleeper('--marker=stubborn', true);
  const started = Date.now();
  assert.equal(await terminate(pid, ['--marker=stubborn'], { graceMs: 500 }), 'killed');
  assert.ok(Date.now() - started >= 500);
  assert.equal(isOurProcess(pid, ['--marker=stubborn']), false);
});

test('terminate leaves alone a pid whose cmdline is not ours (a recycled pid)', async () => {
  const pid = await spawnSleeper('--marker=stranger');
  assert.equal(await terminate(pid, ['--marker=ours']), 'not-running');
  assert.equal(isOurProcess(pid, ['--marker=stranger']), true, 'the stranger must still run');
});

test('pid files round-trip, and missing or garbage files read as no pid', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'services-pid-'));
  const file = join(dir, 'pid');
  assert.equal(await readPidFile(file), undefined);
  await writePidFile(file, 4242);
  assert.equal(await readFile(file, 'utf8'), '4242\n');
  assert.equal(await readPidFile(file), 4242);
  await writeFile(file, 'not a pid');
  assert.equal(await readPidFile(file), undefined);
});
