import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sleep } from '@logpipe/runtime';
import { withLock } from './lock.js';

const tempLock = async (): Promise<string> => join(await mkdtemp(join(tmpdir(), 'services-lock-')), 'lock');

test('two holders of one lock run one after the other, never overlapping', async () => {
  const file = await tempLock();
  const events: string[] = [];
  const holder = (name: string) =>
    withLock(file, { what: name, timeoutMs: 5000, pollMs: 10 }, async () => {
      events.push(`${name} in`);
      await sleep(50);
      events.push(`${name} out`);
    });
  await Promise.all([holder('a'), holder('b')]);
  assert.deepEqual(events.map((e) => e.split(' ')[1]), ['in', 'out', 'in', 'out']);
  assert.equal(existsSync(file), false, 'the lock file is removed after use');
});

test('the lock is released when the work throws', async () => {
  const file = await tempLock();
  await assert.rejects(withLock(file, { what: 'x', timeoutMs: 1000 }, () => Promise.reject(new Error('boom'))), /boom/);
  assert.equal(existsSync(file), false);
});

test('a lock left by a dead process is taken over', async () => {
  const file = await tempLock();
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  await writeFile(file, dead.stdout);
  assert.equal(await withLock(file, { what: 'x', timeoutMs: 1000 }, async () => 'ran'), 'ran');
});

test('a lock held by a live process times out with a message naming the holder', async () => {
  const file = await tempLock();
  await writeFile(file, `${process.pid}\n`);
  await assert.rejects(withLock(file, { what: 'starting kafka', timeoutMs: 300, pollMs: 50 }, async () => 'ran'), new RegExp(`starting kafka held by pid ${process.pid}`));
});
