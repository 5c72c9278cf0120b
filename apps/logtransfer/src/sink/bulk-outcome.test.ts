import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyStatus } from './bulk-outcome.js';

test('a refused login or privilege is retried, never dead-lettered: the document is not at fault', () => {
  assert.equal(classifyStatus(401), 'retry');
  assert.equal(classifyStatus(403), 'retry');
  assert.equal(classifyStatus(429), 'retry');
  assert.equal(classifyStatus(503), 'retry');
  assert.equal(classifyStatus(400), 'dead-letter');
  assert.equal(classifyStatus(409), 'dead-letter');
});
