import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureCacheEntry } from './cache-entry.js';

test('builds an entry once, even when asked for it concurrently', async () => {
  const cache = await mkdtemp(join(tmpdir(), 'services-cache-'));
  let builds = 0;
  const build = async (staging: string) => {
    builds++;
    await writeFile(join(staging, 'file'), 'content');
  };
  const [a, b] = await Promise.all([ensureCacheEntry(join(cache, 'thing-1.0'), build), ensureCacheEntry(join(cache, 'thing-1.0'), build)]);
  assert.equal(a, join(cache, 'thing-1.0'));
  assert.equal(b, a);
  await ensureCacheEntry(join(cache, 'thing-1.0'), build);
  assert.equal(builds, 1);
  assert.equal(await readFile(join(a, 'file'), 'utf8'), 'content');
});

test('a failed build leaves nothing behind that could pass for a finished entry', async () => {
  const cache = await mkdtemp(join(tmpdir(), 'services-cache-'));
  const entry = join(cache, 'broken-1.0');
  await assert.rejects(
    ensureCacheEntry(entry, async (staging) => {
      await writeFile(join(staging, 'half'), 'half a download');
      throw new Error('network down');
    }),
    /network down/,
  );
  assert.equal(existsSync(entry), false);
  assert.deepEqual(await readdir(cache), []);
  // And the next attempt builds again.
  await ensureCacheEntry(entry, async (staging) => writeFile(join(staging, 'file'), 'ok'));
  assert.equal(existsSync(join(entry, 'file')), true);
});
