import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureText, parseLine, READ_TIME, transformWith } from '../test-support.js';

const transform = transformWith();

test('a Java stack trace (one multiline event): level and time from the first line, the message untouched', () => {
  const event = fixtureText('java-stacktrace.log');
  assert.deepEqual(parseLine(transformWith({ timezone: 'Europe/Berlin' }), 'text', event), {
    '@timestamp': '2026-11-24T20:00:00.123Z',
    message: event,
    log: { level: 'error' },
  });
});

test('levels: upper-case tokens, bracketed lower-case ones and level= fields, normalised', () => {
  const cases: [string, string | undefined][] = [
    ['2026-11-24 21:00:00.001 INFO  [main] o.s.b.StartupInfoLogger - Started', 'info'],
    ['2026-11-24 21:00:00 WARNING root: disk 91% full', 'warn'],
    ['[2026-11-24T21:00:00Z] [warn] upstream slow', 'warn'],
    ['time="2026-11-24T21:00:00Z" level=error msg="dial tcp: connection refused"', 'error'],
    ['ts=2026-11-24T21:00:00Z lvl=DBUG msg=x', 'dbug'],
    ['I, [2026-11-24T21:00:00.000000 #4021]  INFO -- : Completed 200 OK', 'info'],
    ['2026-11-24 21:00:00 FATAL: the database system is shutting down', 'fatal'],
    ['SEVERE: Servlet.service() threw exception', 'error'],
    ['2026-11-24 21:00:00 CRIT sensor overheated', 'critical'],
    // Lower-case words, and tokens inside longer ones, are message content.
    ['2026-11-24 21:00:00 no error found, all info in the report', undefined],
    ['2026-11-24 21:00:00 ERRORS=0 INFORMATIONAL_ONLY', undefined],
  ];
  for (const [line, level] of cases) {
    const fields = parseLine(transform, 'text', line);
    assert.deepEqual(fields.log, level === undefined ? undefined : { level }, line);
  }
});

test('a level or time past the first line, or far into it, is not the event\'s', () => {
  const late = `${'x'.repeat(200)} ERROR 2026-01-01T00:00:00Z`;
  assert.deepEqual(parseLine(transform, 'text', late), { '@timestamp': READ_TIME, message: late });
  const multiline = 'first line\nERROR 2026-01-01T00:00:00Z';
  assert.deepEqual(parseLine(transform, 'text', multiline), { '@timestamp': READ_TIME, message: multiline });
});

test('timestamps with the default formats: ISO-8601 (T or space, . or , fraction), Go/nginx slashes, httpdate, syslog', () => {
  const cases: [string, string][] = [
    ['2026-11-24T21:00:00+01:00 started', '2026-11-24T20:00:00.000Z'],
    ['2026-11-24 21:00:00,5 started', '2026-11-24T21:00:00.500Z'],
    ['[2026-11-24T21:00:00.123456789Z] started', '2026-11-24T21:00:00.123Z'],
    ['2026/11/24 21:00:00 http: TLS handshake error', '2026-11-24T21:00:00.000Z'],
    ['[24/Nov/2026:21:00:00 -0500] request done', '2026-11-25T02:00:00.000Z'],
    ['Nov 24 20:59:59 cron ran', '2026-11-24T20:59:59.000Z'],
  ];
  for (const [line, timestamp] of cases) assert.equal(parseLine(transform, 'text', line)['@timestamp'], timestamp, line);
});

test('configured formats: epoch seconds and milliseconds at the line start, and a custom pattern', () => {
  const custom = transformWith({ timestamp_formats: ['epoch_ms', 'epoch_s', 'dd.MM.yyyy HH:mm:ss[.SSS]'], timezone: 'Europe/Berlin' });
  assert.equal(parseLine(custom, 'text', '1795554000123 started')['@timestamp'], '2026-11-24T21:00:00.123Z');
  assert.equal(parseLine(custom, 'text', '1795554000.25 started')['@timestamp'], '2026-11-24T21:00:00.250Z');
  assert.equal(parseLine(custom, 'text', 'INFO 24.11.2026 22:00:00,042 started')['@timestamp'], '2026-11-24T21:00:00.042Z');
  // An epoch number later in the line is more likely an id than a time.
  assert.equal(parseLine(custom, 'text', 'order 1795554000123 created')['@timestamp'], READ_TIME);
  // ISO-8601 is not in this list: a text line with it keeps the read time.
  assert.equal(parseLine(custom, 'text', '2026-11-24T21:00:00Z started')['@timestamp'], READ_TIME);
});

test('an impossible date is no timestamp: the read time stays', () => {
  assert.equal(parseLine(transform, 'text', '2026-02-30 10:00:00 started')['@timestamp'], READ_TIME);
});
