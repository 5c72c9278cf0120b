import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileEventEncoder } from './encoder.js';
import { decodeMessage } from './decoder.js';
import { fileKey } from './event-id.js';

const context = {
  fileKey: fileKey({ agentId: 'a1', device: 2049, inode: 77, nonce: 'abc' }),
  path: '/var/log/app "x".log',
  hostName: 'web-1',
  agent: { name: 'web-1', id: 'a1', version: '0.1.0' },
  labels: { env: 'prod' },
  format: 'nginx',
};

test('encoded events are valid JSON with ECS fields and decode as agent events', () => {
  const encoder = new FileEventEncoder(context);
  const line = 'quote " backslash \\ tab \t control \u0001 emoji 😀 replacement \ufffd';
  const text = encoder.encode(line, 1042, '2026-11-24T21:00:00.000Z');
  assert.deepEqual(JSON.parse(text), {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: line,
    event: { id: `${context.fileKey}-1042` },
    log: { offset: 1042, file: { path: '/var/log/app "x".log' } },
    host: { name: 'web-1' },
    agent: { type: 'logagent', name: 'web-1', id: 'a1', version: '0.1.0' },
    labels: { env: 'prod' },
    logpipe: { v: 2, format: 'nginx' },
  });
  const decoded = decodeMessage(text);
  assert.equal(decoded.kind, 'agent');
});

test('flags are written as log.flags and labels are omitted when empty', () => {
  const encoder = new FileEventEncoder({ ...context, labels: {} });
  const parsed = JSON.parse(encoder.encode('x', 0, '2026-11-24T21:00:00.000Z', ['truncated']));
  assert.deepEqual(parsed.log, { offset: 0, flags: ['truncated'], file: { path: context.path } });
  assert.equal('labels' in parsed, false);
});

test('the same file and offset always give the same event id; another inode does not', () => {
  const again = fileKey({ agentId: 'a1', device: 2049, inode: 77, nonce: 'abc' });
  const other = fileKey({ agentId: 'a1', device: 2049, inode: 78, nonce: 'abc' });
  assert.equal(again, context.fileKey);
  assert.notEqual(other, context.fileKey);
});

test('messages from other producers decode as foreign', () => {
  assert.deepEqual(decodeMessage('plain text line'), { kind: 'foreign', text: 'plain text line' });
  assert.deepEqual(decodeMessage('{"msg":"hi"}'), { kind: 'foreign', json: { msg: 'hi' }, text: '{"msg":"hi"}' });
  assert.deepEqual(decodeMessage('{broken'), { kind: 'foreign', text: '{broken' });
  assert.deepEqual(decodeMessage('[1,2]'), { kind: 'foreign', text: '[1,2]' });
  const future = '{"@timestamp":"t","message":"m","event":{"id":"x"},"logpipe":{"v":99,"format":"plain"}}';
  assert.equal(decodeMessage(future).kind, 'foreign');
});
