import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { FileEventEncoder, type LineFlag } from '@logpipe/event';
import { appendCutDocument } from './cut-events.js';
import { IndexPattern } from './index-name.js';
import { fixtureLines, transformWith } from './test-support.js';
import { toDocuments, type PreparedDocument } from './to-document.js';
import type { TransformSection } from './transform-config.js';

const INGESTED = '2026-11-24T21:00:11.000Z';
const READ_TIME = '2026-11-24T21:00:10.123Z';
const indexName = new IndexPattern('logs-{topic}-{yyyy.MM.dd}').forTopic('app_log');
const SOURCE = { topic: 'app_log', partition: 0, offset: '5', key: null, value: null };
/** A regex for the `regex` format, with ECS groups, a number group and the message. */
const REGEX = '^(?<@timestamp>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)[,.]\\d+ (?<log.level>[A-Z]+) +\\[(?<process.thread.name>[^\\]]+)\\] (?<log.logger>\\S+) - (?<message>[\\s\\S]*)$';

/** Whether the fast path cuts this one event (a message of one event, wire format v1 or later). */
function cuts(text: string, format?: string, section: Partial<TransformSection> = {}): boolean {
  return appendCutDocument(text, 1, false, INGESTED, { indexName, format }, transformWith(section), SOURCE, []);
}

function encoder(format: string, labels: Record<string, string> = {}): FileEventEncoder {
  return new FileEventEncoder({ fileKey: 'k3Jd9x0aQ1mPz8Yw', path: '/var/log/"odd" path\\ü}},"host":{"name":.log', hostName: 'web-1', agent: { name: 'web-1', id: 'a1', version: '0.1.0' }, labels, format });
}

function documents(value: string, format: string | undefined, section: Partial<TransformSection>): PreparedDocument[] {
  const out: PreparedDocument[] = [];
  toDocuments('app_log', 0, { offset: '5', timestamp: '0', key: null, value: Buffer.from(value) }, { indexName, format }, INGESTED, transformWith(section), out);
  return out;
}

/** Every document of a message, the general way: a drop condition that never holds turns the fast path off. */
const slowDocuments = (value: string, format: string | undefined, section: Partial<TransformSection> = {}) =>
  documents(value, format, { ...section, drop_when: 'message == "a sentinel no test line holds"' });
const fastDocuments = (value: string, format: string | undefined, section: Partial<TransformSection> = {}) => documents(value, format, section);

const MESSAGES = [
  'GET / 200',
  '',
  'quotes " and \\ backslashes \\" and a fake "," event":{"id":"x"},"log":{ inside }},"host":{"name": },"agent":',
  'ünïcödé, emoji 🎉, tab\tand CR\r',
  'multi\nline\nevent',
  '{"looks":"like json","logpipe":{"v":2,"format":"plain"}}',
  ',"logpipe":{"v":2,"format":"plain"}}',
];
const FLAGS: (LineFlag[] | undefined)[] = [undefined, ['multiline'], ['truncated', 'invalid_utf8']];
const LABELS: Record<string, string>[] = [{}, { env: 'prod', 'we"ird': 'va\\lue' }];

/** `lines` as the agent sends them with `format`: every combination of flags and labels, alone and packed. */
function* encodings(format: string, lines: string[]): Generator<string> {
  let offset = 0;
  for (const labels of LABELS) {
    const enc = encoder(format, labels);
    const encoded = lines.flatMap((line) => FLAGS.map((flags) => enc.encode(line, (offset += 17), READ_TIME, flags)));
    yield* encoded;
    yield encoded.join('\n');
  }
}

test('plain events: the fast path cuts each one and gives exactly the documents the general path gives, byte for byte', () => {
  for (const value of encodings('plain', MESSAGES)) {
    if (!value.includes('\n')) assert.ok(cuts(value), `fast path taken for ${value}`);
    assert.deepEqual(fastDocuments(value, undefined), slowDocuments(value, undefined));
  }
});

/** Every fixture line, with the format that reads it. */
const FIXTURES: [format: string, file: string][] = [
  ['nginx', 'nginx-access.log'],
  ['nginx', 'nginx-error.log'],
  ['apache', 'apache-access.log'],
  ['syslog', 'syslog-rfc3164.log'],
  ['syslog', 'syslog-rfc5424.log'],
  ['syslog', 'var-log-syslog.log'],
  ['json', 'json-pino.log'],
  ['json', 'json-structlog.log'],
  ['json', 'json-other.log'],
  ['text', 'java-stacktrace.log'],
  ['regex', 'java-stacktrace.log'],
  // Another format's lines: parse failures, which the fast path must tag like the general one.
  ['syslog', 'nginx-access.log'],
  ['nginx', 'json-pino.log'],
  ['ngnix', 'nginx-access.log'],
];

test('parsed events: for every fixture line and format, the fast path gives the general path\'s documents, byte for byte', () => {
  const testdata = new URL('../../testdata/', import.meta.url);
  const files = readdirSync(testdata).filter((file) => file.endsWith('.log'));
  assert.deepEqual([...new Set(FIXTURES.map(([, file]) => file))].sort(), files.sort(), 'every fixture file is covered');
  let cut = 0;
  let total = 0;
  for (const [format, file] of FIXTURES) {
    const section = { timezone: 'Europe/Berlin', regex: REGEX };
    const lines = [...fixtureLines(file), fixtureLines(file).join('\n')];
    for (const value of encodings(format, lines)) {
      const fast = fastDocuments(value, undefined, section);
      assert.deepEqual(fast, slowDocuments(value, undefined, section), `${format} ${file}: ${value}`);
      if (value.includes('\n')) continue;
      total++;
      if (cuts(value, undefined, section)) cut++;
    }
  }
  // Only the JSON lines that set pipeline fields need the general path's merge.
  assert.ok(cut >= total - 4 * FLAGS.length * LABELS.length, `${cut} of ${total} events cut`);
});

test('JSON lines that reach for pipeline fields: the same documents both ways; a merge into an owned object goes the general way, alone', () => {
  const lines = [
    '{"msg":"ok","service":{"name":"a"}}',
    '{"host":"db-1","msg":"scalar over an owned object"}',
    '{"host":{"name":"forged","hostname":"db-1"}}',
    '{"log":{"offset":99,"logger":"x"}}',
    '{"log":{"file":{"name":"x"}}}',
    '{"log.flags":["forged"],"log.level":"warn"}',
    '{"event":{"ingested":"x","code":"E1"}}',
    '{"event":"user logged in","message":"m","event.kind":"event"}',
    '{"labels":{"team":"core"}}',
    '{"agent":"forged"}',
    '{"logpipe":{"v":9}}',
    '{"__proto__":{"polluted":true},"msg":"proto"}',
    '{"message":5,"@timestamp":"not a time"}',
    '{"tags":["own"],"error":"boom"}',
  ];
  // The JSON parser's guards leave owned fields out (keeping the line in event.original) on
  // either path; only what must be merged into the event's own `log.file` or `labels` is not cut.
  const expectCut = [true, true, true, true, false, true, true, true, false, true, true, true, true, true];
  const enc = encoder('json', { env: 'prod' });
  const values = lines.map((line, i) => enc.encode(line, i * 100, READ_TIME));
  assert.deepEqual(values.map((value) => cuts(value)), expectCut);
  for (const value of values) assert.deepEqual(fastDocuments(value, undefined), slowDocuments(value, undefined), value);
  // In a pack, the others are cut and the documents keep the pack's order.
  const pack = values.join('\n');
  const fast = fastDocuments(pack, undefined);
  assert.deepEqual(fast, slowDocuments(pack, undefined));
  assert.deepEqual(fast.map((d) => d.line), values);
  assert.equal(({}.constructor.prototype as Record<string, unknown>).polluted, undefined);
});

test('what is not laid out as the agent lays it out goes the general way', () => {
  const plain = encoder('plain').encode('x', 0, READ_TIME);
  const nginx = encoder('nginx').encode('x', 0, READ_TIME);
  assert.ok(cuts(nginx, 'plain'), 'a `plain` route takes any format');
  assert.ok(cuts(plain.replace('"v":2', '"v":1')), 'a v1 message alone');
  const notCut = {
    reordered: JSON.stringify({ message: 'x', ...JSON.parse(plain) }),
    'an offset in the timestamp': plain.replace('.123Z', '.123+00:00'),
    'a newer wire format': plain.replace('"v":2', '"v":3'),
    'no host': JSON.stringify({ ...JSON.parse(nginx), host: undefined }),
    'text': 'plain text',
  };
  for (const [what, value] of Object.entries(notCut)) assert.equal(cuts(value), false, what);
  // Mixed packs: a v1 line makes the whole message foreign text, as the decoder reads it.
  const v1 = plain.replace('"v":2', '"v":1');
  for (const value of [`${plain}\n${v1}`, `${plain}\n${nginx}`, `${plain}\nplain text`, ...Object.values(notCut)]) {
    assert.deepEqual(fastDocuments(value, undefined), slowDocuments(value, undefined), value);
  }
});

test('container events: stream and pod fields pass through, and a JSON line naming them goes the general way', () => {
  const pod = { kubernetes: { namespace: 'shop', pod: { name: 'web-7d9f', uid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }, container: { name: 'nginx' } }, container: { id: 'c'.repeat(64) } };
  const enc = new FileEventEncoder({ fileKey: 'k3Jd9x0aQ1mPz8Yw', path: '/var/log/pods/shop_web-7d9f_0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0/nginx/0.log', hostName: 'node-1', agent: { name: 'node-1', id: 'a1', version: '0.1.0' }, labels: { env: 'prod' }, format: 'json', fileFields: pod });
  const lines = ['{"msg":"ok","level":"info"}', '{"stream":"forged","msg":"x"}', '{"kubernetes":{"labels":{"app":"x"}}}', '{"container":"c1"}', 'not json'];
  const expectCut = [true, false, false, false, true];
  const values = lines.map((line, i) => enc.encodeContainerLine(line, i * 100, READ_TIME, undefined, i % 2 === 0 ? 'stdout' : 'stderr'));
  assert.deepEqual(values.map((value) => cuts(value)), expectCut);
  for (const value of values) assert.deepEqual(fastDocuments(value, undefined), slowDocuments(value, undefined), value);
  const [first] = fastDocuments(values[0]!, undefined);
  const body = JSON.parse(first!.body) as Record<string, unknown>;
  assert.equal(body.stream, 'stdout');
  assert.deepEqual(body.kubernetes, pod.kubernetes);
  assert.deepEqual(body.container, pod.container);
  assert.equal(body.message, 'ok', 'the JSON line was parsed');
  assert.equal(body['@timestamp'], READ_TIME);
  const plain = fastDocuments(new FileEventEncoder({ fileKey: 'k', path: '/p', hostName: 'h', agent: { name: 'h', id: 'a', version: '1' }, format: 'plain', fileFields: pod }).encodeContainerLine('hello', 0, READ_TIME, undefined, 'stderr'), undefined);
  assert.deepEqual(JSON.parse(plain[0]!.body).stream, 'stderr');
  assert.deepEqual(JSON.parse(plain[0]!.body).kubernetes, pod.kubernetes);
});
