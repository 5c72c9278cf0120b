import { open, readFile, rm } from 'node:fs/promises';
import { sleep } from '@logpipe/runtime';
import { readCmdline } from './process-control.js';

export interface LockOptions {
  /** Says what the lock guards, for the timeout message. */
  what: string;
  timeoutMs: number;
  pollMs?: number;
}

/**
 * Runs `fn` while holding a lock file, so two `up`s (two terminals, or integration test files that
 * node --test runs in parallel processes) never start the same server twice: the second one waits,
 * then finds it running. The file holds the owner's pid; a lock whose owner died is taken over.
 */
export async function withLock<T>(file: string, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  await acquire(file, options);
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}

async function acquire(file: string, { what, timeoutMs, pollMs = 200 }: LockOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    // An empty file is a lock being written right now; only a dead owner's lock is stale.
    if (Number.isInteger(owner) && owner > 0 && readCmdline(owner) === undefined) {
      await rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for the lock on ${what} held by pid ${owner} (${file}); if that process is stuck, stop it`);
    }
    await sleep(pollMs);
  }
}
