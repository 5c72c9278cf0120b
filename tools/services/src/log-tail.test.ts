import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { tailLines } from './log-tail.js';

test('returns the last lines of a file, without the trailing empty line', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'services-tail-')), 'log');
  await writeFile(file, Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
  assert.deepEqual(await tailLines(file, 3), ['line 98', 'line 99', 'line 100']);
});

test('reads only the end of a big file and drops the line cut in half', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'services-tail-')), 'log');
  await writeFile(file, 'x'.repeat(5000) + '\nlast one\n');
  assert.deepEqual(await tailLines(file, 40, 100), ['last one']);
});

test('a missing file has no lines', async () => {
  assert.deepEqual(await tailLines('/nonexistent/services/log'), []);
});
