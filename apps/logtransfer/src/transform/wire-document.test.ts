import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileEventEncoder } from '@logpipe/event';
import { BulkBody, actionPrefix } from '../sink/bulk-body.js';
import { IndexPattern } from './index-name.js';
import { transformWith, written } from './test-support.js';
import { toDocuments, type PreparedDocument } from './to-document.js';
import { WireDocumentBody } from './wire-document.js';

const INGESTED = '2026-11-24T21:00:11.000Z';
const READ_TIME = '2026-11-24T21:00:10.123Z';
const indexName = new IndexPattern('logs-{topic}-{yyyy.MM.dd}').forTopic('app_log');

function encoder(format: string): FileEventEncoder {
  return new FileEventEncoder({ fileKey: 'k3Jd9x0aQ1mPz8Yw', path: '/var/log/ü.log', hostName: 'web-1', agent: { name: 'web-1', id: 'a1', version: '0.1.0' }, labels: { env: 'prod' }, format });
}

function prepared(value: Buffer, format?: string, drop_when?: string): PreparedDocument[] {
  const out: PreparedDocument[] = [];
  toDocuments('app_log', 0, { offset: '5', timestamp: '0', key: null, value }, { indexName, format }, INGESTED, transformWith(drop_when ? { drop_when } : {}), out);
  return out;
}

/** The general path's documents: a drop condition that never holds turns every fast path off. */
const general = (value: Buffer, format?: string) => prepared(value, format, 'message == "a sentinel no test line holds"').map(written);
const byBytes = (documents: PreparedDocument[]) => documents.map((d) => d.body instanceof WireDocumentBody);

test('plain events are cut as bytes, alone and packed, and give the general path\'s documents byte for byte', () => {
  const plain = encoder('plain');
  const lines = ['GET / 200', 'ünïcödé, emoji 🎉, "quotes" and \\ backslash', '', 'tab\tand\nnewline'].map((line, i) => plain.encode(line, i * 50, READ_TIME));
  for (const value of [...lines, lines.join('\n')].map((text) => Buffer.from(text))) {
    const documents = prepared(value);
    assert.ok(byBytes(documents).every(Boolean), 'every plain event took the byte path');
    assert.deepEqual(documents.map(written), general(value));
  }
  const pack = prepared(Buffer.from(lines.join('\n')));
  assert.deepEqual(pack.map((d) => written(d).line), lines, 'a packed event\'s dead letter carries its own line');
  assert.equal(written(prepared(Buffer.from(lines[0]!))[0]!).line, undefined, 'a lone event\'s dead letter carries its whole message');
});

test('a pack mixing formats: plain events as bytes, the others parsed, in the pack\'s order', () => {
  const lines = [encoder('plain').encode('one', 0, READ_TIME), encoder('nginx').encode('127.0.0.1 - - [24/Nov/2026:21:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"', 10, READ_TIME), encoder('plain').encode('three', 20, READ_TIME)];
  const value = Buffer.from(lines.join('\n'));
  const documents = prepared(value);
  assert.deepEqual(byBytes(documents), [true, false, true]);
  assert.deepEqual(documents.map(written), general(value));
  // A route that says `plain` takes any event's format as plain, as the string path does.
  assert.deepEqual(byBytes(prepared(value, 'plain')), [true, true, true]);
  assert.deepEqual(prepared(value, 'plain').map(written), general(value, 'plain'));
  assert.deepEqual(byBytes(prepared(value, 'nginx')), [false, false, false], 'another route format needs the parser');
});

test('a message that is not valid UTF-8 goes the string way, which indexes U+FFFD in its place', () => {
  const text = encoder('plain').encode('bad byte: x', 0, READ_TIME);
  const value = Buffer.from(text);
  value[value.indexOf('x', text.indexOf('bad byte'))] = 0xff;
  const documents = prepared(value);
  assert.deepEqual(byBytes(documents), [false]);
  assert.deepEqual(documents.map(written), general(value));
  assert.equal((JSON.parse(written(documents[0]!).body) as { message: string }).message, 'bad byte: \ufffd');
});

test('what is not laid out as the agent lays it out is left to the string path, with the same result', () => {
  const event = encoder('plain').encode('x', 0, READ_TIME);
  const cases = [
    event.replace('.123Z', '.123+00:00'),
    event.replace('"v":2', '"v":3'),
    event.replace('"format":"plain"', '"format":"pla\\"in"'),
    event.replace('k3Jd9x0aQ1mPz8Yw-0', 'k3Jd9x0aQ1mPz8Yw-ü'),
    `${event}\nnot an event`,
    `${event}\n`,
    'plain text',
  ];
  for (const text of cases) {
    const value = Buffer.from(text);
    const documents = prepared(value);
    assert.ok(!byBytes(documents).some(Boolean), `no byte path for ${text}`);
    assert.deepEqual(documents.map(written), general(value), text);
  }
});

test('a bulk body takes byte-path documents beside string ones, growing past its first size', () => {
  const lines = Array.from({ length: 50 }, (_, i) => encoder('plain').encode(`line ${i} ${'ä'.repeat(i * 3)}`, i * 100, READ_TIME));
  const documents = prepared(Buffer.from(lines.join('\n')));
  const strings = general(Buffer.from(lines.join('\n')));
  const prefix = actionPrefix('index', 'logs-a');
  const fromBytes = new BulkBody(256);
  const fromStrings = new BulkBody(256);
  for (const [i, document] of documents.entries()) {
    fromBytes.append(prefix, document.id, document.body);
    fromStrings.append(prefix, strings[i]!.id, strings[i]!.body);
  }
  assert.equal(fromBytes.count, 50);
  assert.deepEqual(fromBytes.take(), fromStrings.take());
});
