import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexTemplateRequest, replicaSettings } from './index-template.js';

test('replicas: a number is fixed, a range follows the data nodes, and the default is one replica where it can be placed', () => {
  assert.deepEqual(replicaSettings('1'), { number_of_replicas: 1 });
  assert.deepEqual(replicaSettings('0-all'), { auto_expand_replicas: '0-all' });
  assert.deepEqual(replicaSettings(), { auto_expand_replicas: '0-1' });
  const settings = indexTemplateRequest({ patterns: ['logs-*-*'], replicas: '2' }).template?.settings as Record<string, unknown>;
  assert.equal(settings.number_of_replicas, 2);
  assert.equal(settings.auto_expand_replicas, undefined);
});
