import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBulkLines } from './bulk-body.js';

const joined = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));

test('the bytes are the lines in UTF-8, each followed by a newline', () => {
  const lines = ['{"index":{"_index":"logs-a","_id":"1"}}', '{"message":"plain"}', '{"message":"ünïcödé 日本語 🎉"}', ''];
  assert.deepEqual(encodeBulkLines(lines), joined(lines));
});

test('lines of multi-byte text far beyond the first guess still fit', () => {
  const lines = Array.from({ length: 50 }, (_, i) => `{"message":"${'日本語🎉'.repeat(200 + i)}"}`);
  const bytes = encodeBulkLines(lines);
  assert.deepEqual(bytes, joined(lines));
  assert.ok(bytes.length > lines.reduce((sum, l) => sum + l.length + 1, 0) * 2, 'the text is mostly 3- and 4-byte characters');
});

test('an empty request is empty', () => {
  assert.equal(encodeBulkLines([]).length, 0);
});
