import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileEventEncoder, type LineFlag } from '@logpipe/event';
import { compileIndexPattern } from './index-name.js';
import { fixtureLines, fixtureText, READ_TIME, transformWith } from './test-support.js';
import { toDocument, type KafkaRecord } from './to-document.js';
import type { Transform } from './transform.js';

const INGESTED = '2026-11-24T21:00:11.000Z';
const indexName = compileIndexPattern('logs-{topic}-{yyyy.MM.dd}');
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

function run(record: KafkaRecord, transform: Transform = transformWith()): { index: string; id: string; document: unknown } | undefined {
  const prepared = toDocument(record, indexName, INGESTED, transform);
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
