import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileEventEncoder, type LineFlag } from '@logpipe/event';
import { IndexPattern } from './index-name.js';
import { fixtureLines, fixtureText, READ_TIME, transformWith } from './test-support.js';
import { toDocuments, type KafkaMessageLike, type PreparedDocument } from './to-document.js';
import type { Transform } from './transform.js';

const INGESTED = '2026-11-24T21:00:11.000Z';
const indexName = new IndexPattern('logs-{topic}-{yyyy.MM.dd}').forTopic('app_log');

interface KafkaRecord extends KafkaMessageLike {
  topic: string;
  partition: number;
}
const AGENT = { type: 'logagent', name: 'web-1', id: 'a1', version: '0.1.0' };

/** A Kafka record holding what the agent sends for `line` of a target with `format`. */
function agentRecord(line: string, format: string, options: { offset?: number; flags?: LineFlag[]; labels?: Record<string, string> } = {}): KafkaRecord {
  const encoder = new FileEventEncoder({
    fileKey: 'k3Jd9x0aQ1mPz8Yw',
    path: '/var/log/app.log',
    hostName: 'web-1',
    agent: { name: 'web-1', id: 'a1', version: '0.1.0' },
    labels: options.labels ?? {},
    format,
  });
  const value = encoder.encode(line, options.offset ?? 0, READ_TIME, options.flags);
  return { topic: 'app_log', partition: 3, offset: '77', timestamp: String(Date.parse(READ_TIME)), key: null, value: Buffer.from(value) };
}

function foreignRecord(value: string, timestamp = '1795554009000'): KafkaRecord {
  return { topic: 'app_log', partition: 3, offset: '77', timestamp, key: null, value: Buffer.from(value) };
}

function run(record: KafkaRecord, transform: Transform = transformWith(), format?: string): { index: string; id: string; document: unknown } | undefined {
  const out: PreparedDocument[] = [];
  toDocuments(record.topic, record.partition, record, { indexName, format }, INGESTED, transform, out);
  assert.ok(out.length <= 1, 'one event, at most one document');
  const prepared = out[0];
  return prepared && { index: prepared.index, id: prepared.id, document: JSON.parse(prepared.body) };
}

test('plain: the agent event as it came, minus logpipe, plus event.ingested', () => {
  assert.deepEqual(run(agentRecord('GET / 200', 'plain', { offset: 1042, labels: { env: 'prod' } })), {
    index: 'logs-app_log-2026.11.24',
    id: 'k3Jd9x0aQ1mPz8Yw-1042',
    document: {
      '@timestamp': READ_TIME,
      message: 'GET / 200',
      event: { id: 'k3Jd9x0aQ1mPz8Yw-1042', ingested: INGESTED },
      log: { offset: 1042, file: { path: '/var/log/app.log' } },
      host: { name: 'web-1' },
      agent: AGENT,
      labels: { env: 'prod' },
    },
  });
});

test('nginx: the whole document, and the index follows the line\'s own date', () => {
  const line = fixtureLines('apache-access.log')[0]!;
  assert.deepEqual(run(agentRecord(line, 'nginx')), {
    index: 'logs-app_log-2000.10.10',
    id: 'k3Jd9x0aQ1mPz8Yw-0',
    document: {
      '@timestamp': '2000-10-10T20:55:36.000Z',
      message: line,
      event: { id: 'k3Jd9x0aQ1mPz8Yw-0', ingested: INGESTED },
      log: { offset: 0, file: { path: '/var/log/app.log' } },
      host: { name: 'web-1' },
      agent: AGENT,
      source: { address: '127.0.0.1', ip: '127.0.0.1' },
      user: { name: 'frank' },
      url: { original: '/apache_pb.gif', path: '/apache_pb.gif' },
      http: { request: { method: 'GET', referrer: 'http://www.example.com/start.html' }, version: '1.0', response: { status_code: 200, body: { bytes: 2326 } } },
      user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' },
    },
  });
});

test('text: a multiline Java event keeps its flags and message, with the detected level and time', () => {
  const event = fixtureText('java-stacktrace.log');
  assert.deepEqual(run(agentRecord(event, 'text', { offset: 5000, flags: ['multiline'] }))?.document, {
    '@timestamp': '2026-11-24T21:00:00.123Z',
    message: event,
    event: { id: 'k3Jd9x0aQ1mPz8Yw-5000', ingested: INGESTED },
    log: { offset: 5000, flags: ['multiline'], file: { path: '/var/log/app.log' }, level: 'error' },
    host: { name: 'web-1' },
    agent: AGENT,
  });
});

test('a parse failure is indexed anyway, with its raw message, error.message and tags', () => {
  assert.deepEqual(run(agentRecord('not syslog at all', 'syslog'))?.document, {
    '@timestamp': READ_TIME,
    message: 'not syslog at all',
    event: { id: 'k3Jd9x0aQ1mPz8Yw-0', ingested: INGESTED },
    log: { offset: 0, file: { path: '/var/log/app.log' } },
    host: { name: 'web-1' },
    agent: AGENT,
    error: { message: 'syslog: the line is neither RFC 5424 nor RFC 3164 (TIMESTAMP HOSTNAME [TAG:] MESSAGE)' },
    tags: ['_parse_failure', '_syslog_parse_failure'],
  });
});

test('an unknown format is indexed as it came, tagged, so a typo in a target shows up', () => {
  const result = run(agentRecord('x', 'ngnix'))?.document as { error: unknown; tags: unknown };
  assert.deepEqual(result.error, { message: 'no parser for format "ngnix"; known formats: plain, text, json, nginx, apache, syslog, regex' });
  assert.deepEqual(result.tags, ['_parse_failure', '_unknown_format']);
});

test('another producer\'s text: the Kafka timestamp and a topic-partition-offset id', () => {
  assert.deepEqual(run(foreignRecord('service started')), {
    index: 'logs-app_log-2026.11.24',
    id: 'app_log-3-77',
    document: { '@timestamp': '2026-11-24T21:00:09.000Z', message: 'service started', event: { id: 'app_log-3-77', ingested: INGESTED } },
  });
});

test('another producer\'s JSON goes through the json mapping; its event.id cannot replace the offset id', () => {
  const value = '{"ts":1795554000.5,"level":"WARN","msg":"disk almost full","event":{"id":"x","kind":"metric"},"disk":{"used_pct":91}}';
  assert.deepEqual(run(foreignRecord(value)), {
    index: 'logs-app_log-2026.11.24',
    id: 'app_log-3-77',
    document: {
      '@timestamp': '2026-11-24T21:00:00.500Z',
      message: 'disk almost full',
      event: { id: 'app_log-3-77', ingested: INGESTED, kind: 'metric', original: value },
      log: { level: 'warn' },
      disk: { used_pct: 91 },
    },
  });
});

test('another producer\'s JSON without a time or message: Kafka time and the text as message', () => {
  assert.deepEqual(run(foreignRecord('{"user":"alice"}'))?.document, {
    '@timestamp': '2026-11-24T21:00:09.000Z',
    message: '{"user":"alice"}',
    event: { id: 'app_log-3-77', ingested: INGESTED },
    user: 'alice',
  });
});

test('drop_when drops after parsing (parsed fields count); add_fields fills what is missing', () => {
  const transform = transformWith({ drop_when: 'url.path == "/healthz" or log.level == "debug"', add_fields: ['env=prod', 'service.name=shop'] });
  const nginx = fixtureLines('nginx-access.log');
  assert.equal(run(agentRecord(nginx[6]!, 'nginx'), transform), undefined);
  assert.equal(run(agentRecord('{"level":"debug","msg":"x"}', 'json'), transform), undefined);
  assert.equal(run(foreignRecord('{"level":"debug"}'), transform), undefined);
  const kept = run(agentRecord(nginx[0]!, 'nginx', { labels: { env: 'staging' } }), transform)?.document as Record<string, unknown>;
  assert.deepEqual(kept.labels, { env: 'staging' });
  assert.deepEqual(kept.service, { name: 'shop' });
  const foreign = run(foreignRecord('plain'), transform)?.document as Record<string, unknown>;
  assert.deepEqual(foreign.labels, { env: 'prod' });
});

test('a route\'s format wins over the format the agent sent', () => {
  const line = fixtureLines('nginx-access.log')[0]!;
  const routed = run(agentRecord(line, 'plain'), transformWith(), 'nginx')?.document as { http?: unknown; message: string };
  assert.equal(routed.message, line);
  assert.ok(routed.http, 'the nginx parser ran');
  const plain = run(agentRecord(line, 'nginx'), transformWith(), 'plain')?.document as { http?: unknown };
  assert.equal(plain.http, undefined, 'a plain route parses nothing, whatever the agent said');
});

test('a route\'s format parses another producer\'s raw text; `plain` keeps even its JSON unparsed', () => {
  const line = fixtureLines('nginx-access.log')[0]!;
  const result = run(foreignRecord(line), transformWith(), 'nginx')!;
  assert.equal(result.id, 'app_log-3-77');
  const document = result.document as { '@timestamp': string; http: { response: { status_code: number } }; event: unknown };
  assert.notEqual(document['@timestamp'], '2026-11-24T21:00:09.000Z', 'the line\'s own time replaces the Kafka time');
  assert.equal(typeof document.http.response.status_code, 'number');
  assert.deepEqual(document.event, { id: 'app_log-3-77', ingested: INGESTED });
  assert.deepEqual(run(foreignRecord('{"user":"alice"}'), transformWith(), 'plain')?.document, {
    '@timestamp': '2026-11-24T21:00:09.000Z',
    message: '{"user":"alice"}',
    event: { id: 'app_log-3-77', ingested: INGESTED },
  });
  const notJson = run(foreignRecord('not json'), transformWith(), 'json')?.document as { tags: string[] };
  assert.deepEqual(notJson.tags, ['_parse_failure', '_json_parse_failure']);
});

test('a v2 pack of events becomes one document per event; a dead letter would carry only its own line', () => {
  const encoder = new FileEventEncoder({ fileKey: 'k3Jd9x0aQ1mPz8Yw', path: '/var/log/app.log', hostName: 'web-1', agent: { name: 'web-1', id: 'a1', version: '0.1.0' }, format: 'plain' });
  const lines = [encoder.encode('first', 0, READ_TIME), encoder.encode('second', 6, READ_TIME), encoder.encode('third', 13, READ_TIME)];
  const record: KafkaRecord = { topic: 'app_log', partition: 3, offset: '77', timestamp: '1795554009000', key: Buffer.from('k'), value: Buffer.from(lines.join('\n')) };
  const out: PreparedDocument[] = [];
  toDocuments(record.topic, record.partition, record, { indexName, format: undefined }, INGESTED, transformWith({ drop_when: 'message == "second"' }), out);
  assert.deepEqual(
    out.map((d) => ({ id: d.id, message: (JSON.parse(d.body) as { message: string }).message, value: d.line, offset: d.source.offset })),
    [
      { id: 'k3Jd9x0aQ1mPz8Yw-0', message: 'first', value: lines[0], offset: '77' },
      { id: 'k3Jd9x0aQ1mPz8Yw-13', message: 'third', value: lines[2], offset: '77' },
    ],
  );
});
