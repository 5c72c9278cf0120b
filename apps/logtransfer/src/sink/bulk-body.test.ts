import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BulkBody, actionPrefix } from './bulk-body.js';

/** What the body must be: each action and source as JSON lines. */
const expected = (documents: [string, string, string][]) =>
  Buffer.from(documents.map(([index, id, source]) => `${JSON.stringify({ index: { _index: index, _id: id } })}\n${source}\n`).join(''));

function write(documents: [string, string, string][], expectedBytes = 1024) {
  const body = new BulkBody(expectedBytes);
  for (const [index, id, source] of documents) body.append(actionPrefix('index', index), id, source);
  return body;
}

test('the bytes are each action line and source in UTF-8, each followed by a newline', () => {
  const documents: [string, string, string][] = [
    ['logs-a', '3f9a-0', '{"message":"plain"}'],
    ['logs-b', '3f9a-249', '{"message":"ünïcödé 日本語 🎉"}'],
    ['logs-a', 'an "odd" id\\', '{}'],
  ];
  const body = write(documents);
  assert.equal(body.count, 3);
  const bytes = body.take();
  assert.deepEqual(bytes, expected(documents));
  for (const line of bytes.toString().trimEnd().split('\n')) JSON.parse(line);
});

test('documents of multi-byte text far beyond the first buffer still fit', () => {
  const documents = Array.from({ length: 50 }, (_, i): [string, string, string] => ['logs', `id-${i}`, `{"message":"${'日本語🎉'.repeat(200 + i)}"}`]);
  const body = write(documents, 16);
  assert.equal(body.bytes, expected(documents).length);
  assert.deepEqual(body.take(), expected(documents));
});

test('take() starts a new body, and the one taken is left as it was', () => {
  const body = write([['logs', 'a', '{"n":1}']]);
  const first = body.take();
  assert.equal(body.bytes, 0);
  body.append(actionPrefix('create', 'logs'), 'b', '{"n":2}');
  assert.deepEqual(first, expected([['logs', 'a', '{"n":1}']]));
  assert.equal(body.take().toString(), '{"create":{"_index":"logs","_id":"b"}}\n{"n":2}\n');
});

test('an empty request is empty', () => {
  assert.equal(new BulkBody(1024).take().length, 0);
});
