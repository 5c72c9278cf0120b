import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closest, editDistance } from './suggest.js';

test('a swap of neighbouring letters is one edit', () => {
  assert.equal(editDistance('borkers', 'brokers'), 1);
  assert.equal(editDistance('kafak', 'kafka'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('flush_bytes', 'flush_bytes'), 0);
});

test('closest suggests near names, ignoring case, and nothing for far ones', () => {
  const keys = ['brokers', 'client_id', 'acks', 'flush_bytes'];
  assert.equal(closest('borkers', keys), 'brokers');
  assert.equal(closest('Brokers', keys), 'brokers');
  assert.equal(closest('client-id', keys), 'client_id');
  assert.equal(closest('flush_byte', keys), 'flush_bytes');
  assert.equal(closest('ack', keys), 'acks');
  assert.equal(closest('compression', keys), undefined);
  assert.equal(closest('x', []), undefined);
  assert.equal(closest('7', ['1', '0']), undefined, 'one-letter names are not typos of each other');
});
