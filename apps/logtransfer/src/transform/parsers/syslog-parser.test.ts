import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureLines, parseLine, READ_TIME, transformWith } from '../test-support.js';

const transform = transformWith();
const rfc3164 = fixtureLines('syslog-rfc3164.log');
const rfc5424 = fixtureLines('syslog-rfc5424.log');
const varLog = fixtureLines('var-log-syslog.log');

test('RFC 3164 with PRI: priority fields, host, program and MSG; the year is the read time\'s', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc3164[0]!), {
    '@timestamp': '2026-10-11T22:14:15.000Z',
    message: "'su root' failed for lonvick on /dev/pts/8",
    log: { level: 'critical', syslog: { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'Critical' } } },
    host: { hostname: 'mymachine' },
    process: { name: 'su' },
  });
});

test('RFC 3164: a space-padded day and no TAG (the whole rest is the message)', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc3164[1]!), {
    '@timestamp': '2026-02-05T17:32:18.000Z',
    message: 'Use the BFG!',
    log: { level: 'notice', syslog: { priority: 13, facility: { code: 1, name: 'user' }, severity: { code: 5, name: 'Notice' } } },
    host: { hostname: '10.0.0.99' },
  });
});

test('RFC 3164: PRI 0 (kern.emerg) and pid 0 are values, not missing', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc3164[2]!), {
    '@timestamp': '2026-10-22T10:52:01.000Z',
    message: "That's All Folks!",
    log: { level: 'emergency', syslog: { priority: 0, facility: { code: 0, name: 'kern' }, severity: { code: 0, name: 'Emergency' } } },
    host: { hostname: 'scapegoat.dmz.example.org' },
    process: { name: 'sched', pid: 0 },
  });
});

test('RFC 3164: authpriv.info from sshd', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc3164[3]!), {
    '@timestamp': '2026-11-24T21:00:04.000Z',
    message: 'Failed password for invalid user admin from 198.51.100.7 port 51234 ssh2',
    log: { level: 'info', syslog: { priority: 86, facility: { code: 10, name: 'authpriv' }, severity: { code: 6, name: 'Informational' } } },
    host: { hostname: 'web-1' },
    process: { name: 'sshd', pid: 20901 },
  });
});

test('RFC 3164: a priority above 191 is a parse failure', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc3164[4]!), {
    '@timestamp': READ_TIME,
    message: rfc3164[4],
    error: { message: 'syslog: priority <192> is not 0 to 191' },
    tags: ['_parse_failure', '_syslog_parse_failure'],
  });
});

test('RFC 5424: MSGID is event.code, the BOM before MSG is dropped, nil fields are left out', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[0]!), {
    '@timestamp': '2003-10-11T22:14:15.003Z',
    message: "'su root' failed for lonvick on /dev/pts/8",
    event: { code: 'ID47' },
    log: { level: 'critical', syslog: { priority: 34, facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'Critical' }, version: 1 } },
    host: { hostname: 'mymachine.example.com' },
    process: { name: 'su' },
  });
});

test('RFC 5424: an offset and microseconds (kept to the millisecond), a numeric PROCID', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[1]!), {
    '@timestamp': '2003-08-24T12:14:15.000Z',
    message: "%% It's time to make the do-nuts.",
    log: { level: 'notice', syslog: { priority: 165, facility: { code: 20, name: 'local4' }, severity: { code: 5, name: 'Notice' }, version: 1 } },
    host: { hostname: '192.0.2.1' },
    process: { name: 'myproc', pid: 8710 },
  });
});

test('RFC 5424: structured data under log.syslog.structured_data', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[2]!), {
    '@timestamp': '2003-10-11T22:14:15.003Z',
    message: 'An application event log entry...',
    event: { code: 'ID47' },
    log: {
      level: 'notice',
      syslog: {
        priority: 165,
        facility: { code: 20, name: 'local4' },
        severity: { code: 5, name: 'Notice' },
        version: 1,
        structured_data: { 'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' } },
      },
    },
    host: { hostname: 'mymachine.example.com' },
    process: { name: 'evntslog' },
  });
});

test('RFC 5424: two elements and no MSG; the line stays the message', () => {
  const fields = parseLine(transform, 'syslog', rfc5424[3]!);
  assert.equal(fields.message, rfc5424[3]);
  assert.deepEqual((fields.log as { syslog: { structured_data: unknown } }).syslog.structured_data, {
    'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
    'examplePriority@32473': { class: 'high' },
  });
});

test('RFC 5424: escaped quote, backslash and bracket in values; a repeated parameter; a non-numeric PROCID', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[4]!), {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: 'payment retried',
    log: {
      level: 'info',
      syslog: {
        priority: 14,
        facility: { code: 1, name: 'user' },
        severity: { code: 6, name: 'Informational' },
        version: 1,
        procid: 'worker-7',
        structured_data: { 'meta@32473': { path: 'C:\\srv"a]', tag: ['blue', 'green'] } },
      },
    },
    host: { hostname: 'web-1' },
    process: { name: 'checkout' },
  });
});

test('RFC 5424: a nil timestamp keeps the read time', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[5]!), {
    '@timestamp': READ_TIME,
    message: 'message without header fields',
    log: { level: 'info', syslog: { priority: 14, facility: { code: 1, name: 'user' }, severity: { code: 6, name: 'Informational' }, version: 1 } },
  });
});

test('RFC 5424: unterminated structured data is a parse failure that names the column', () => {
  assert.deepEqual(parseLine(transform, 'syslog', rfc5424[6]!), {
    '@timestamp': READ_TIME,
    message: rfc5424[6],
    error: { message: 'syslog: expected PARAM-NAME="value" in structured data (column 62)' },
    tags: ['_parse_failure', '_syslog_parse_failure'],
  });
});

test('/var/log/syslog: lines without PRI have no priority fields and no log.level', () => {
  const expected = [
    { '@timestamp': '2026-11-24T21:00:01.000Z', message: '(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)', host: { hostname: 'web-1' }, process: { name: 'CRON', pid: 20812 } },
    { '@timestamp': '2026-11-24T21:00:03.000Z', message: 'Starting logrotate.service - Rotate log files...', host: { hostname: 'web-1' }, process: { name: 'systemd', pid: 1 } },
    {
      '@timestamp': '2026-11-24T21:00:03.000Z',
      message: '[1234567.890123] [UFW BLOCK] IN=eth0 OUT= SRC=198.51.100.7 DST=10.0.0.5 PROTO=TCP SPT=51234 DPT=23',
      host: { hostname: 'web-1' },
      process: { name: 'kernel' },
    },
    {
      '@timestamp': '2026-11-24T21:00:04.000Z',
      message: '[origin software="rsyslogd" swVersion="8.2312.0" x-pid="812" x-info="https://www.rsyslog.com"] rsyslogd was HUPed',
      host: { hostname: 'web-1' },
      process: { name: 'rsyslogd' },
    },
    { '@timestamp': '2026-11-04T09:15:00.000Z', message: "Job `cron.daily' terminated", host: { hostname: 'web-1' }, process: { name: 'anacron', pid: 811 } },
    { '@timestamp': '2026-11-24T21:00:05.000Z', message: 'message repeated 3 times: [ Failed password for root from 198.51.100.7 port 51234 ssh2]', host: { hostname: 'web-1' } },
    {
      '@timestamp': '2026-11-24T20:00:07.123Z',
      message: "[system] Successfully activated service 'org.freedesktop.hostname1'",
      host: { hostname: 'web-1' },
      process: { name: 'dbus-daemon', pid: 812 },
    },
  ];
  assert.deepEqual(varLog.map((line) => parseLine(transform, 'syslog', line)), expected);
});

test('RFC 3164 time is read in [transform] timezone, across a DST change', () => {
  const newYork = transformWith({ timezone: 'America/New_York' });
  // EDT (-04:00) in October, EST (-05:00) in November.
  assert.equal(parseLine(newYork, 'syslog', rfc3164[0]!)['@timestamp'], '2026-10-12T02:14:15.000Z');
  assert.equal(parseLine(newYork, 'syslog', varLog[0]!)['@timestamp'], '2026-11-25T02:00:01.000Z');
});

test('RFC 3164 year: December lines read in January are last year\'s; January lines read on 31 December in a zone ahead are next year\'s', () => {
  const december = 'Dec 31 23:59:59 web-1 systemd[1]: Finished logrotate.service.';
  assert.equal(parseLine(transform, 'syslog', december, '2027-01-01T00:00:05.000Z')['@timestamp'], '2026-12-31T23:59:59.000Z');
  assert.equal(parseLine(transform, 'syslog', december, '2026-12-31T23:59:59.500Z')['@timestamp'], '2026-12-31T23:59:59.000Z');
  // Tokyo is 9 hours ahead: its New Year's morning is 31 December in UTC.
  const tokyo = transformWith({ timezone: 'Asia/Tokyo' });
  const january = 'Jan  1 08:00:00 web-1 systemd[1]: Started session.';
  assert.equal(parseLine(tokyo, 'syslog', january, '2026-12-31T23:00:05.000Z')['@timestamp'], '2026-12-31T23:00:00.000Z');
  // A line up to a day ahead of the read time (a clock a little fast) keeps the current year.
  assert.equal(parseLine(transform, 'syslog', 'Nov 25 20:00:00 web-1 app: x')['@timestamp'], '2026-11-25T20:00:00.000Z');
  assert.equal(parseLine(transform, 'syslog', 'Nov 26 21:00:00 web-1 app: x')['@timestamp'], '2025-11-26T21:00:00.000Z');
});
