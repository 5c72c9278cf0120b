import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileEventEncoder, type LineFlag } from '@logpipe/event';
import { IndexPattern } from './index-name.js';
import { appendPlainDocuments } from './plain-events.js';
import type { PreparedDocument as Doc } from './to-document.js';
import { transformWith } from './test-support.js';
import { toDocuments, type PreparedDocument } from './to-document.js';

const INGESTED = '2026-11-24T21:00:11.000Z';
const route = { indexName: new IndexPattern('logs-{topic}-{yyyy.MM.dd}').forTopic('app_log'), format: undefined };
const SOURCE = { topic: 'app_log', partition: 0, offset: '5', key: null, value: null };

/** The documents the fast path makes of a message, or undefined when it does not take it. */
function plainEvents(text: string, ingested: string, requirePlainFormat: boolean): Doc[] | undefined {
  const out: Doc[] = [];
  return appendPlainDocuments(text, ingested, requirePlainFormat, route, SOURCE, out) ? out : undefined;
}

function encoder(format: string, labels: Record<string, string> = {}): FileEventEncoder {
  return new FileEventEncoder({ fileKey: 'k3Jd9x0aQ1mPz8Yw', path: '/var/log/"odd" path\\ü.log', hostName: 'web-1', agent: { name: 'web-1', id: 'a1', version: '0.1.0' }, labels, format });
}

/** Every document of a message, the general way: a drop condition that never holds turns the fast path off. */
function slowDocuments(value: string, format: string | undefined): PreparedDocument[] {
  const out: PreparedDocument[] = [];
  toDocuments('app_log', 0, { offset: '5', timestamp: '0', key: null, value: Buffer.from(value) }, { ...route, format }, INGESTED, transformWith({ drop_when: 'message == "a sentinel no test line holds"' }), out);
  return out;
}

function fastDocuments(value: string, format: string | undefined): PreparedDocument[] {
  const out: PreparedDocument[] = [];
  toDocuments('app_log', 0, { offset: '5', timestamp: '0', key: null, value: Buffer.from(value) }, { ...route, format }, INGESTED, transformWith(), out);
  return out;
}

const MESSAGES = [
  'GET / 200',
  '',
  'quotes " and \\ backslashes \\" and a fake "," event":{"id":"x"},"log":{ inside',
  'ünïcödé, emoji 🎉, tab\tand CR\r',
  'multi\nline\nevent',
  '{"looks":"like json","logpipe":{"v":2,"format":"plain"}}',
  ',"logpipe":{"v":2,"format":"plain"}}',
];

test('plain events: the fast path gives exactly the documents the general path gives, byte for byte', () => {
  const flags: (LineFlag[] | undefined)[] = [undefined, ['multiline'], ['truncated', 'invalid_utf8']];
  let offset = 0;
  for (const labels of [{}, { env: 'prod', 'we"ird': 'va\\lue' }] as Record<string, string>[]) {
    const enc = encoder('plain', labels);
    const lines = MESSAGES.flatMap((m) => flags.map((f) => enc.encode(m, (offset += 17), '2026-11-24T21:00:10.123Z', f)));
    for (const line of lines) {
      assert.ok(plainEvents(line, INGESTED, true), `fast path taken for ${line}`);
      assert.deepEqual(fastDocuments(line, undefined), slowDocuments(line, undefined));
    }
    const pack = lines.join('\n');
    assert.equal(plainEvents(pack, INGESTED, true)?.length, lines.length);
    assert.deepEqual(fastDocuments(pack, undefined), slowDocuments(pack, undefined));
  }
});

test('what does not qualify goes the general way: another format, a v1 line in a pack, another layout', () => {
  const nginx = encoder('nginx').encode('x', 0, '2026-11-24T21:00:10.123Z');
  assert.equal(plainEvents(nginx, INGESTED, true), undefined);
  assert.equal(plainEvents(nginx, INGESTED, false)?.length, 1, 'a `plain` route takes any format');
  const plain = encoder('plain').encode('x', 0, '2026-11-24T21:00:10.123Z');
  const v1 = plain.replace('"v":2', '"v":1');
  assert.equal(plainEvents(v1, INGESTED, true)?.length, 1, 'a v1 message alone');
  assert.equal(plainEvents(`${plain}\n${v1}`, INGESTED, true), undefined, 'a v1 line in a pack');
  assert.equal(plainEvents(`${plain}\n${nginx}`, INGESTED, true), undefined, 'one line of another format in a pack');
  const reordered = JSON.stringify({ message: 'x', ...JSON.parse(plain) });
  assert.equal(plainEvents(reordered, INGESTED, true), undefined);
  assert.equal(plainEvents(plain.replace('.123Z', '.123+00:00'), INGESTED, true), undefined);
  assert.equal(plainEvents(plain.replace('"v":2', '"v":3'), INGESTED, true), undefined, 'a newer wire format');
  assert.equal(plainEvents('plain text', INGESTED, true), undefined);
  // The general path still makes the right documents of them.
  assert.deepEqual(fastDocuments(`${plain}\n${nginx}`, undefined), slowDocuments(`${plain}\n${nginx}`, undefined));
});
