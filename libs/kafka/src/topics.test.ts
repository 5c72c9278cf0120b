import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fittingReplication } from './topics.js';

test('replication 0 fits the cluster: 3 replicas and 2 in sync from 3 brokers on, one per broker below', () => {
  assert.deepEqual(fittingReplication(0, 1), { replicationFactor: 1, minInsyncReplicas: 1 });
  assert.deepEqual(fittingReplication(0, 2), { replicationFactor: 2, minInsyncReplicas: 1 });
  assert.deepEqual(fittingReplication(0, 3), { replicationFactor: 3, minInsyncReplicas: 2 });
  assert.deepEqual(fittingReplication(0, 7), { replicationFactor: 3, minInsyncReplicas: 2 });
});

test('an explicit replication factor is kept, even beyond the cluster (the broker refuses it by name)', () => {
  assert.deepEqual(fittingReplication(5, 3), { replicationFactor: 5, minInsyncReplicas: 2 });
  assert.deepEqual(fittingReplication(1, 3), { replicationFactor: 1, minInsyncReplicas: 1 });
});
