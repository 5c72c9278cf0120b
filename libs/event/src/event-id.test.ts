import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventId, fileKey } from './event-id.js';

const identity = { agentId: 'a1', device: 2049, inode: 77, nonce: 'n1' };

test('a file key is stable for the same identity and 22 URL-safe characters long', () => {
  assert.equal(fileKey({ ...identity }), fileKey(identity));
  assert.match(fileKey(identity), /^[A-Za-z0-9_-]{22}$/);
});

test('the same inode seen again with a new nonce (truncated, or reused) gets a different key', () => {
  assert.notEqual(fileKey({ ...identity, nonce: 'n2' }), fileKey(identity));
  assert.notEqual(fileKey({ ...identity, inode: 78 }), fileKey(identity));
  assert.notEqual(fileKey({ ...identity, agentId: 'a2' }), fileKey(identity));
});

test('an event id is the file key and the byte offset', () => {
  assert.equal(eventId('k3Jd9x0aQ1mPz8Yw', 1042), 'k3Jd9x0aQ1mPz8Yw-1042');
});
