import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, waitFor } from '@logpipe/runtime';
import { DemoLogWriter } from './demo-log-writer.js';

test('writes both files in whole lines, rotates a full file, and stops cleanly (twice)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'demo-logs-'));
  try {
    const writer = new DemoLogWriter({ dir, requestsPerSecond: 400, maxFileBytes: 8 * 1024, logger: createLogger({ write: () => {} }), seed: 1, tickMs: 20 });
    await writer.start();
    await waitFor(async () => (await stat(`${writer.files.nginx}.1`).catch(() => undefined)) !== undefined, { what: 'the access log to be rotated', timeoutMs: 10_000 });
    await Promise.all([writer.stop(), writer.stop()]);
    const rotated = await stat(`${writer.files.nginx}.1`);
    assert.ok(rotated.size >= 8 * 1024);
    const current = await readFile(writer.files.nginx, 'utf8');
    assert.ok(current.endsWith('\n'), 'only whole lines are written');
    const app = await readFile(writer.files.app, 'utf8');
    for (const line of app.trim().split('\n')) JSON.parse(line);
    assert.ok(writer.written > 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
