import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileClaims } from './file-claims.js';

test('a file claimed by one target is refused to another until released', () => {
  const claims = new FileClaims();
  assert.equal(claims.claim('1:2', 'pods'), true);
  assert.equal(claims.claim('1:2', 'pods'), true);
  assert.equal(claims.claim('1:2', 'containers'), false);
  assert.equal(claims.ownerOf('1:2'), 'pods');
  claims.release('1:2', 'containers');
  assert.equal(claims.ownerOf('1:2'), 'pods', 'only the owner releases');
  claims.release('1:2', 'pods');
  assert.equal(claims.claim('1:2', 'containers'), true);
});
