import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sharedClusterId } from './cluster-id.js';

test('three nodes preparing at once all get the one cluster id, and keep it later', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'cluster-id-')), 'kafka-cluster', 'cluster.id');
  const ids = await Promise.all([sharedClusterId(file), sharedClusterId(file), sharedClusterId(file)]);
  assert.equal(new Set(ids).size, 1);
  assert.match(ids[0]!, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  assert.equal(await sharedClusterId(file), ids[0]);
});
