import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchDocuments } from './batch-documents.js';
import type { PreparedDocument } from './to-document.js';

/** Message n holds n documents (message 0 none, as when drop_when drops its events). */
function batchOf(counts: number[]) {
  const converted: number[] = [];
  const batch = new BatchDocuments(counts.map((count, message) => ({ message, count })), ({ message, count }, out) => {
    converted.push(message);
    for (let i = 0; i < count; i++) {
      out.push({ index: 'logs', id: `${message}-${i}`, body: '{}', source: { topic: 't', partition: 0, offset: String(message), key: null, value: null } } satisfies PreparedDocument);
    }
  });
  return { batch, converted };
}

test('documents are made message by message as they are read, in order, skipping messages without any', () => {
  const { batch, converted } = batchOf([2, 0, 3]);
  const iterator = batch[Symbol.iterator]();
  assert.equal(iterator.next().value?.id, '0-0');
  assert.deepEqual(converted, [0], 'only the first message is converted for the first document');
  const ids = ['0-0'];
  for (let next = iterator.next(); !next.done; next = iterator.next()) ids.push(next.value.id);
  assert.deepEqual(ids, ['0-0', '0-1', '2-0', '2-1', '2-2']);
  assert.deepEqual(converted, [0, 1, 2]);
  assert.deepEqual(batch.all().map((d) => d.id), ids, 'all() makes the same documents again');
  assert.equal(batch.all(), batch.all(), 'and keeps them');
});

test('a conversion that throws ends the pass and is kept as the failure', () => {
  const batch = new BatchDocuments([1, 2, 3], (n, out) => {
    if (n === 2) throw new Error('bug');
    out.push({ index: 'logs', id: String(n), body: '{}', source: { topic: 't', partition: 0, offset: '0', key: null, value: null } });
  });
  const ids: string[] = [];
  for (const document of batch) ids.push(document.id);
  assert.deepEqual(ids, ['1']);
  assert.match(String(batch.failure), /bug/);
});

test('at(): documents found again by their place in the last pass, making only their messages again', () => {
  const { batch, converted } = batchOf([0, 2, 0, 3, 1]);
  const ids = [...batch].map((d) => d.id);
  assert.deepEqual(ids, ['1-0', '1-1', '3-0', '3-1', '3-2', '4-0']);
  converted.length = 0;
  assert.deepEqual(batch.at([0, 3, 4, 5]).map((d) => d.id), ['1-0', '3-1', '3-2', '4-0']);
  assert.deepEqual(converted, [1, 3, 4], 'each message once, those without a wanted document not at all');
  converted.length = 0;
  assert.deepEqual(batch.at([2]).map((d) => d.id), ['3-0']);
  assert.deepEqual(converted, [3]);
});

test('at() after a pass that stopped early, and after all()', () => {
  const { batch, converted } = batchOf([2, 2, 2]);
  const iterator = batch[Symbol.iterator]();
  const read = [iterator.next(), iterator.next(), iterator.next()].map((next) => next.value?.id);
  assert.deepEqual(read, ['0-0', '0-1', '1-0']);
  assert.deepEqual(batch.at([1, 2]).map((d) => d.id), ['0-1', '1-0']);
  batch.all();
  converted.length = 0;
  assert.deepEqual(batch.at([5]).map((d) => d.id), ['2-1']);
  assert.deepEqual(converted, [], 'all() keeps what it made');
});
