import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const inFlight = new Map<string, Promise<string>>();

/**
 * Makes `dir` exist in the download cache, building it at most once. `build` fills a temporary
 * sibling that is renamed into place only when complete, so an interrupted download is never
 * mistaken for a finished one. Callers in this process share one build; another process building
 * the same entry at the same time is harmless, the first rename wins.
 */
export function ensureCacheEntry(dir: string, build: (staging: string) => Promise<void>): Promise<string> {
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = buildOnce(dir, build).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  return pending;
}

async function buildOnce(dir: string, build: (staging: string) => Promise<void>): Promise<string> {
  if (existsSync(dir)) return dir;
  await mkdir(dirname(dir), { recursive: true });
  const staging = `${dir}.partial-${process.pid}-${Date.now()}`;
  await mkdir(staging);
  try {
    await build(staging);
    await rename(staging, dir);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) return dir;
    throw err;
  }
  return dir;
}
