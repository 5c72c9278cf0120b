import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, unpackMessage } from './decoder.js';

const v1 = (id: string, message: string): string =>
  JSON.stringify({ '@timestamp': '2026-11-24T21:00:00.000Z', message, event: { id }, log: { offset: 0, file: { path: '/a' } }, host: { name: 'h' }, logpipe: { v: 1, format: 'plain' } });
const v2 = (id: string, message: string): string => v1(id, message).replace('"v":1', '"v":2');

test('a v1 message (one event, as older agents write) still decodes, alone', () => {
  const text = v1('k-0', 'old agent');
  const decoded = unpackMessage(text);
  assert.equal(decoded.length, 1);
  assert.equal(decoded[0]!.kind, 'agent');
  assert.equal(decoded[0]!.kind === 'agent' && decoded[0]!.event.message, 'old agent');
  assert.equal(decoded[0]!.text, text);
  assert.deepEqual(decodeMessage(text), decoded[0]);
});

test('a v2 pack decodes into its events, in order, each with its own line', () => {
  const lines = [v2('k-0', 'a'), v2('k-2', 'b\nc'), v2('k-6', '')];
  const decoded = unpackMessage(lines.join('\n'));
  assert.deepEqual(decoded.map((d) => d.kind === 'agent' && d.event.event.id), ['k-0', 'k-2', 'k-6']);
  assert.deepEqual(decoded.map((d) => d.text), lines);
  assert.equal(unpackMessage(v2('k-9', 'single')).length, 1, 'a pack of one');
});

test('a multi-line message that is not entirely v2 agent events stays one foreign message', () => {
  const cases = [
    'line one\nline two',
    '{\n  "msg": "pretty"\n}',
    '{"msg":"a"}\n{"msg":"b"}',
    `${v2('k-0', 'a')}\nnot json`,
    `${v1('k-0', 'a')}\n${v1('k-2', 'b')}`, // v1 never packs
  ];
  for (const text of cases) {
    const decoded = unpackMessage(text);
    assert.equal(decoded.length, 1, text);
    assert.equal(decoded[0]!.kind, 'foreign', text);
    assert.equal(decoded[0]!.text, text);
  }
  // JSON allows whitespace around a value: an event and a final newline is that one event.
  const trailing = unpackMessage(`${v2('k-0', 'a')}\n`);
  assert.deepEqual(trailing.map((d) => d.kind === 'agent' && d.event.event.id), ['k-0']);
  assert.deepEqual(unpackMessage('{\n"msg": "pretty"\n}')[0], { kind: 'foreign', json: { msg: 'pretty' }, text: '{\n"msg": "pretty"\n}' });
});
