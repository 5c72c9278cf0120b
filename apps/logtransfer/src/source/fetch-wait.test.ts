import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchWait } from './fetch-wait.js';

test('flush_interval 0: a fetch answers as soon as any message is there', () => {
  assert.deepEqual(fetchWait(5 * 1024 * 1024, 0), { minBytes: 1, maxWaitMs: 250 });
});

test('flush_interval set: Kafka holds a fetch until flush_bytes are there or the interval passed', () => {
  assert.deepEqual(fetchWait(5 * 1024 * 1024, 1000), { minBytes: 5 * 1024 * 1024, maxWaitMs: 1000 });
});
