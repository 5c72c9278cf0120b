import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, truncate, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileHead } from './file-head.js';
import { FINGERPRINT_BYTES, hashBytes } from './fingerprint.js';

async function withFile(run: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'file-head-test-'));
  try {
    await run(join(dir, 'app.log'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('extend keeps the first bytes read, up to FINGERPRINT_BYTES, and only contiguous ones', () => {
  const head = new FileHead();
  assert.equal(head.extend(Buffer.from('abc'), 3), false, 'a gap: bytes at 3 without bytes 0..2');
  assert.equal(head.extend(Buffer.from('abc'), 0), true);
  assert.equal(head.extend(Buffer.from('bcdef'), 1), true, 'overlapping bytes extend from where the head ends');
  assert.equal(head.size, 6);
  assert.deepEqual(head.fingerprint(), { hash: hashBytes(Buffer.from('abcdef')), bytes: 6 });
  head.extend(Buffer.alloc(5000, 0x78), 6);
  assert.equal(head.size, FINGERPRINT_BYTES);
  assert.equal(head.extend(Buffer.from('z'), FINGERPRINT_BYTES), false);
  assert.ok(head.matches(hashBytes(Buffer.from('abcdef')), 6));
  assert.ok(!head.matches(hashBytes(Buffer.from('abcdeX')), 6));
});

test('intact tells a file that still starts the same from one truncated, or truncated and written again', async () => {
  await withFile(async (path) => {
    await writeFile(path, 'first line\nsecond line\n');
    const handle = await open(path, 'r');
    try {
      const head = new FileHead();
      await head.load(handle);
      assert.equal(head.size, 23);
      await appendFile(path, 'third line\n');
      assert.equal(await head.intact(handle), true, 'grown, not changed');
      await truncate(path, 0);
      assert.equal(await head.intact(handle), false, 'truncated');
      await writeFile(path, 'other line\nsecond line\nthird line\n');
      assert.equal(await head.intact(handle), false, 'written again, longer than before');
    } finally {
      await handle.close();
    }
  });
});
