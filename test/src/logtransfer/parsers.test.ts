import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endpoints, repoRoot } from '@logpipe/services';
import { agentFixture, type AgentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { allDocuments, countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { createTopics } from '../support/kafka.js';
import { waitFor } from '@logpipe/runtime';
import { metricValue, metricsUrl } from '../support/metrics.js';

/**
 * Every parser on the realistic fixtures of `apps/logtransfer/testdata/`, through the whole real
 * path: files followed by a real agent (the Java trace joined by its multiline setting), Kafka, a
 * real transfer and Elasticsearch with the transfer's own index template. One topic per format,
 * as users set them up. The unit tests next to each parser check every field of every line; this
 * test checks that the same results survive the wire format, the index template and the mapping,
 * with exact document counts per topic and nothing dead-lettered.
 */
type Doc = Record<string, unknown> & { message: string; '@timestamp': string; tags?: string[]; error?: { message?: string } };

const testdata = (name: string) => join(repoRoot(), 'apps', 'logtransfer', 'testdata', name);
const JAVA_TRACE_EVENTS = 3;

let f: AgentFixture;
let transfer: AppProcess;
let transferUrl: string;
const es = elasticsearchClient();
const formats = ['nginx', 'apache', 'syslog', 'json', 'java'] as const;
let topics: Record<(typeof formats)[number], string>;
const indexOf = (format: (typeof formats)[number]) => `logs-${topics[format]}-*`;
/** Each topic's documents in file order: by path, then byte offset. */
const documents: Partial<Record<(typeof formats)[number], Doc[]>> = {};
let javaTrace: string;

before(async () => {
  f = await agentFixture('parsers');
  topics = Object.fromEntries(formats.map((format) => [format, `${f.names.topic}_${format}`])) as typeof topics;
  await createTopics(f.kafka, formats.map((format) => topics[format]), 2);

  // The layout of a real host: nginx's access and error logs in one folder collected by one glob,
  // the syslog daemon's files likewise, JSON application logs, and a Java service whose
  // stack traces span lines.
  const dirs = { nginx: join(f.logDir, 'nginx'), apache: join(f.logDir, 'apache2'), syslog: join(f.logDir, 'syslog'), json: join(f.logDir, 'apps'), java: join(f.logDir, 'orders') };
  for (const dir of Object.values(dirs)) await mkdir(dir);
  await copyFile(testdata('nginx-access.log'), join(dirs.nginx, 'access.log'));
  await copyFile(testdata('nginx-error.log'), join(dirs.nginx, 'error.log'));
  await copyFile(testdata('apache-access.log'), join(dirs.apache, 'access.log'));
  await copyFile(testdata('syslog-rfc3164.log'), join(dirs.syslog, 'rfc3164.log'));
  await copyFile(testdata('syslog-rfc5424.log'), join(dirs.syslog, 'rfc5424.log'));
  await copyFile(testdata('var-log-syslog.log'), join(dirs.syslog, 'syslog.log'));
  await copyFile(testdata('json-pino.log'), join(dirs.json, 'orders.log'));
  await copyFile(testdata('json-structlog.log'), join(dirs.json, 'auth.log'));
  await copyFile(testdata('json-other.log'), join(dirs.json, 'other.log'));
  // The trace, a line that ends it, and the trace again: the last one is ended only by the
  // multiline timeout, as the last trace of a quiet service is.
  javaTrace = (await readFile(testdata('java-stacktrace.log'), 'utf8')).replace(/\n$/, '');
  await writeFile(join(dirs.java, 'orders.log'), `${javaTrace}\n2026-11-24 21:00:01,002 INFO  [main] c.e.orders.Health - recovered\n${javaTrace}\n`);

  const servers = endpoints();
  transfer = await AppProcess.withConfig('logtransfer', f.dir, [
    '[transfer]', `group = ${f.names.group}`, 'shutdown_timeout = 10s',
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${Object.values(topics).join(', ')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${f.names.etcdPrefix}`, `prefix = ${f.names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  transfer.start();
  transferUrl = await metricsUrl(transfer);
  f.agent.start();
  await f.agent.waitForLog('running');

  await f.putTarget('nginx', { path: join(dirs.nginx, '*.log'), topic: topics.nginx, format: 'nginx' });
  await f.putTarget('apache', { path: join(dirs.apache, 'access.log'), topic: topics.apache, format: 'apache' });
  await f.putTarget('syslog', { path: join(dirs.syslog, '*.log'), topic: topics.syslog, format: 'syslog' });
  await f.putTarget('json', { path: join(dirs.json, '*.log'), topic: topics.json, format: 'json' });
  await f.putTarget('java', {
    path: join(dirs.java, 'orders.log'),
    topic: topics.java,
    format: 'text',
    multiline: { pattern: '^\\d{4}-\\d{2}-\\d{2} ', negate: true, match: 'after', timeout: 500 },
  });

  const expected = { nginx: 8 + 4, apache: 6, syslog: 5 + 7 + 7, json: 3 + 3 + 4, java: JAVA_TRACE_EVENTS };
  for (const format of formats) {
    await waitFor(async () => (await countDocuments(es, indexOf(format))) >= expected[format] || undefined, {
      what: `${expected[format]} documents in ${indexOf(format)}`,
      timeoutMs: 60_000,
      intervalMs: 500,
    });
    documents[format] = await allDocuments<Doc>(es, indexOf(format), ['log.file.path', 'log.offset']);
  }
});

after(async () => {
  await f?.cleanup(transfer);
  for (const format of formats) if (topics) await es.indices.delete({ index: indexOf(format), ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
  await es.close();
});

/** Asserts that `actual` has every field of `expected` with that value; other fields are allowed. */
function assertFields(actual: unknown, expected: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(expected)) {
    const have = (actual as Record<string, unknown> | undefined)?.[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) assertFields(have, value as Record<string, unknown>, `${where}.${key}`);
    else assert.deepEqual(have, value, `${where}.${key}`);
  }
}

const byFile = (docs: Doc[], file: string) => docs.filter((d) => (d.log as { file: { path: string } }).file.path.endsWith(`/${file}`));
const failures = (docs: Doc[]) => docs.filter((d) => d.tags?.includes('_parse_failure'));

test('nginx: access and error log lines from one glob, with ECS http, url, source and user_agent fields; a stray line tagged', () => {
  const docs = documents.nginx!;
  assert.equal(docs.length, 12);
  const access = byFile(docs, 'access.log');
  const errors = byFile(docs, 'error.log');
  assert.equal(access.length, 8);
  assert.equal(errors.length, 4);
  // The fixture's last access line is not one nginx writes: indexed raw, with the reason.
  assert.deepEqual(failures(docs), [access[7]]);
  assertFields(access[7], { message: 'GET /healthz HTTP/1.1 200', error: { message: 'nginx: the line is neither a combined access log line nor an error log line' }, tags: ['_parse_failure', '_nginx_parse_failure'] }, 'nginx access line 8');
  assertFields(access[0], {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    source: { address: '203.0.113.9', ip: '203.0.113.9' },
    url: { original: '/api/orders?id=981&expand=items', path: '/api/orders', query: 'id=981&expand=items' },
    http: { request: { method: 'GET', referrer: 'https://shop.example.com/cart' }, version: '1.1', response: { status_code: 200, body: { bytes: 5123 } } },
  }, 'nginx access line 1');
  assert.match((access[0]!.user_agent as { original: string }).original, /Chrome\/130/);
  // An IPv6 client and a +0100 offset; the `ip` mapping accepted the address.
  assertFields(access[1], { '@timestamp': '2026-11-24T21:00:01.000Z', source: { ip: '2001:db8:85a3::8a2e:370:7334' }, user: { name: 'bob' }, http: { response: { status_code: 302 } } }, 'nginx access line 2');
  // The TLS handshake to a plain-HTTP port: status and bytes, no method.
  assertFields(access[5], { http: { response: { status_code: 400, body: { bytes: 157 } } } }, 'nginx access line 6');
  assert.equal((access[5]!.http as { request?: unknown }).request, undefined);
  assertFields(errors[0], { '@timestamp': '2026-11-24T21:00:00.000Z', log: { level: 'error' }, process: { pid: 1234 }, nginx: { error: { connection_id: 5 } } }, 'nginx error line 1');
  assert.match(errors[0]!.message, /^open\(\) "\/usr\/share\/nginx\/html\/favicon\.ico" failed/);
  assert.deepEqual(errors.map((d) => (d.log as { level: string }).level), ['error', 'warn', 'notice', 'emergency']);
});

test('apache: combined and common lines, a host-name client, and an error-log line indexed as a tagged failure', () => {
  const docs = documents.apache!;
  assert.equal(docs.length, 6);
  assertFields(docs[0], { '@timestamp': '2000-10-10T20:55:36.000Z', user: { name: 'frank' }, http: { response: { status_code: 200, body: { bytes: 2326 } } }, url: { path: '/apache_pb.gif' } }, 'apache line 1');
  assertFields(docs[2], { source: { domain: 'crawl-66-249-66-1.googlebot.com' } }, 'apache line 3');
  assertFields(docs[4], { source: { ip: '::1' }, url: { original: '*' }, http: { request: { method: 'OPTIONS' } } }, 'apache line 5');
  assert.deepEqual(failures(docs), [docs[5]]);
  assert.deepEqual(docs[5]!.tags, ['_parse_failure', '_apache_parse_failure']);
  assert.match(docs[5]!.message, /^\[Tue Nov 24 21:00:04\.123456 2026\] \[core:error\]/, 'the raw line is kept');
});

test('syslog: RFC 3164, RFC 5424 with structured data, and /var/log/syslog lines; malformed ones tagged, not lost', () => {
  const docs = documents.syslog!;
  assert.equal(docs.length, 19);
  const rfc3164 = byFile(docs, 'rfc3164.log');
  const rfc5424 = byFile(docs, 'rfc5424.log');
  const varLog = byFile(docs, 'syslog.log');
  assert.deepEqual([rfc3164.length, rfc5424.length, varLog.length], [5, 7, 7]);

  // RFC 3164 has no year: it is inferred from when the agent read the line, so only the rest is fixed.
  assertFields(rfc3164[0], {
    message: "'su root' failed for lonvick on /dev/pts/8",
    log: { level: 'critical', syslog: { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'Critical' } } },
    host: { hostname: 'mymachine' },
    process: { name: 'su' },
  }, 'RFC 3164 line 1');
  assert.match(rfc3164[0]!['@timestamp'], /^\d{4}-10-11T22:14:15\.000Z$/);
  assertFields(rfc3164[3], { process: { name: 'sshd', pid: 20901 }, log: { level: 'info', syslog: { facility: { name: 'authpriv' } } } }, 'RFC 3164 line 4');
  assert.deepEqual(failures(rfc3164), [rfc3164[4]]);
  assert.equal(rfc3164[4]!.error?.message, 'syslog: priority <192> is not 0 to 191');

  assertFields(rfc5424[0], { '@timestamp': '2003-10-11T22:14:15.003Z', message: "'su root' failed for lonvick on /dev/pts/8", event: { code: 'ID47' }, log: { syslog: { version: 1 } } }, 'RFC 5424 line 1');
  assertFields(rfc5424[1], { '@timestamp': '2003-08-24T12:14:15.000Z', process: { name: 'myproc', pid: 8710 } }, 'RFC 5424 line 2');
  // Structured data is one flattened field: it comes back as it was sent, escapes undone.
  assertFields(rfc5424[2], { message: 'An application event log entry...', log: { syslog: { structured_data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } } } } }, 'RFC 5424 line 3');
  assertFields(rfc5424[4], {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: 'payment retried',
    log: { syslog: { procid: 'worker-7', structured_data: { 'meta@32473': { path: 'C:\\srv"a]', tag: ['blue', 'green'] } } } },
  }, 'RFC 5424 line 5');
  assert.deepEqual(failures(rfc5424), [rfc5424[6]]);
  assert.equal(rfc5424[6]!.error?.message, 'syslog: expected PARAM-NAME="value" in structured data (column 62)');

  assertFields(varLog[0], { message: '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)', host: { hostname: 'web-1' }, process: { name: 'CRON', pid: 20812 } }, '/var/log/syslog line 1');
  assert.equal((varLog[0]!.log as { syslog?: unknown }).syslog, undefined, 'no PRI, no priority fields');
  assertFields(varLog[6], { '@timestamp': '2026-11-24T20:00:07.123Z', process: { name: 'dbus-daemon', pid: 812 } }, '/var/log/syslog line 7');
  assert.deepEqual(failures(varLog), []);
});

test('json: pino, structlog and ECS lines merged; forged pipeline fields ignored; broken lines tagged, not lost', () => {
  const docs = documents.json!;
  assert.equal(docs.length, 10);
  const pino = byFile(docs, 'orders.log');
  const structlog = byFile(docs, 'auth.log');
  const other = byFile(docs, 'other.log');
  assertFields(pino[1], {
    '@timestamp': '2026-11-24T21:00:01.456Z',
    message: 'payment service unavailable',
    log: { level: 'error' },
    host: { hostname: 'web-1' },
    process: { pid: 4021 },
    error: { type: 'Error', message: 'connect ECONNREFUSED 10.0.0.7:5432', code: 'ECONNREFUSED' },
  }, 'pino line 2');
  assert.match((pino[1]!.error as { stack_trace: string }).stack_trace, /^Error: connect ECONNREFUSED/);
  assert.deepEqual(pino.map((d) => (d.log as { level: string }).level), ['info', 'error', 'warn']);
  assertFields(structlog[0], { '@timestamp': '2026-11-24T21:00:03.123Z', message: 'user logged in', log: { level: 'info', logger: 'auth.views' }, user_id: 42 }, 'structlog line 1');
  assertFields(structlog[1], { log: { level: 'warn' }, order: { id: 'o-982', total: 12.5 } }, 'structlog line 2');

  assertFields(other[0], { '@timestamp': '2026-11-24T21:00:06.000Z', message: 'checkout failed', log: { level: 'error' }, service: { name: 'checkout' }, error: { message: 'card expired' } }, 'ECS line');
  // A line that tries to set pipeline fields: its own ids and offsets win, the raw line is kept.
  const forged = other[1]!;
  assert.notEqual((forged.event as { id: string }).id, 'forged');
  assert.notEqual((forged.log as { offset: number }).offset, 99);
  assert.notEqual((forged.agent as { name: string }).name, 'forged');
  assertFields(forged, { message: 'conflicts', event: { dataset: 'db.slow' } }, 'forging line');
  assert.ok(String((forged.event as { original?: string }).original).includes('"forged"'), 'event.original keeps the raw line');
  assert.deepEqual(failures(docs), [other[2], other[3]]);
  assert.deepEqual(other.slice(2).map((d) => d.tags), [['_parse_failure', '_json_parse_failure'], ['_parse_failure', '_json_parse_failure']]);
  assert.deepEqual(other.slice(2).map((d) => d.message), ['{"msg":"truncated', '["not","an","object"]']);
  assert.equal(other[3]!.error?.message, 'json: the line is an array, not a JSON object');
});

test('a Java stack trace joined by the agent is one document, its level and time read from the first line', () => {
  const docs = documents.java!;
  assert.equal(docs.length, JAVA_TRACE_EVENTS);
  assert.deepEqual(docs.map((d) => d.message), [javaTrace, '2026-11-24 21:00:01,002 INFO  [main] c.e.orders.Health - recovered', javaTrace]);
  assert.deepEqual(docs.map((d) => (d.log as { level: string }).level), ['error', 'info', 'error']);
  assert.deepEqual(docs.map((d) => d['@timestamp']), ['2026-11-24T21:00:00.123Z', '2026-11-24T21:00:01.002Z', '2026-11-24T21:00:00.123Z']);
  assert.deepEqual(docs.map((d) => (d.log as { flags?: string[] }).flags), [['multiline'], undefined, ['multiline']]);
  assert.deepEqual(failures(docs), []);
});

test('exact counts: every line indexed once, nothing dead-lettered, and the counts stay put', async () => {
  const total = formats.reduce((sum, format) => sum + documents[format]!.length, 0);
  assert.equal(total, 12 + 6 + 19 + 10 + JAVA_TRACE_EVENTS);
  assert.equal(await metricValue(transferUrl, 'logtransfer_documents_indexed_total'), total);
  for (const format of formats) assert.equal(await metricValue(transferUrl, 'logtransfer_documents_dead_lettered_total', { topic: topics[format] }) ?? 0, 0, format);
  // Later batches (a late flush, a retry) would show here as more documents.
  for (const format of formats) assert.equal(await countDocuments(es, indexOf(format)), documents[format]!.length, format);
  assert.equal(await transfer.stop(), 0, transfer.output);
});
