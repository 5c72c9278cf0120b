import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureLines, parseLine, READ_TIME, transformWith } from '../test-support.js';

const transform = transformWith();
const nginx = fixtureLines('nginx-access.log');
const apache = fixtureLines('apache-access.log');

test('nginx: a combined line becomes source, url, http and user_agent fields, at the line time', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[0]!), {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: nginx[0],
    source: { address: '203.0.113.9', ip: '203.0.113.9' },
    url: { original: '/api/orders?id=981&expand=items', path: '/api/orders', query: 'id=981&expand=items' },
    http: { request: { method: 'GET', referrer: 'https://shop.example.com/cart' }, version: '1.1', response: { status_code: 200, body: { bytes: 5123 } } },
    user_agent: { original: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36' },
  });
});

test('nginx: an IPv6 client, a user and a +0100 offset', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[1]!), {
    '@timestamp': '2026-11-24T21:00:01.000Z',
    message: nginx[1],
    source: { address: '2001:db8:85a3::8a2e:370:7334', ip: '2001:db8:85a3::8a2e:370:7334' },
    user: { name: 'bob' },
    url: { original: '/login', path: '/login' },
    http: { request: { method: 'POST', referrer: 'https://shop.example.com/login' }, version: '2.0', response: { status_code: 302, body: { bytes: 0 } } },
    user_agent: { original: 'curl/8.5.0' },
  });
});

test('nginx: "-" for user, referrer and user agent sets none of them', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[2]!), {
    '@timestamp': '2026-11-24T21:00:02.000Z',
    message: nginx[2],
    source: { address: '198.51.100.23', ip: '198.51.100.23' },
    url: { original: '/', path: '/' },
    http: { request: { method: 'GET' }, version: '1.0', response: { status_code: 200, body: { bytes: 612 } } },
  });
});

test('nginx: quotes inside the user agent stay as nginx escaped them', () => {
  const fields = parseLine(transform, 'nginx', nginx[3]!);
  assert.deepEqual(fields.user_agent, { original: 'Mozilla/5.0 (compatible; \\x22Probe\\x22/1.0)' });
  assert.deepEqual(fields.url, { original: '/search?q=%22shoes%22', path: '/search', query: 'q=%22shoes%22' });
});

test('nginx: 499 (client closed the connection) is a status like any other', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[4]!).http, {
    request: { method: 'GET' },
    version: '1.1',
    response: { status_code: 499, body: { bytes: 0 } },
  });
});

test('nginx: a garbage request line (TLS to a plain port) still parses, without method or url', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[5]!), {
    '@timestamp': '2026-11-24T21:00:05.000Z',
    message: nginx[5],
    source: { address: '192.0.2.66', ip: '192.0.2.66' },
    http: { response: { status_code: 400, body: { bytes: 157 } } },
  });
});

test('nginx: the main format, with a trailing "$http_x_forwarded_for", parses; the extra stays in message', () => {
  const fields = parseLine(transform, 'nginx', nginx[6]!);
  assert.equal(fields.message, nginx[6]);
  assert.deepEqual(fields.user_agent, { original: 'kube-probe/1.29' });
  assert.deepEqual(fields.http, { request: { method: 'GET' }, version: '1.1', response: { status_code: 200, body: { bytes: 2 } } });
});

test('nginx: a line in neither nginx format keeps its message and read time, with failure tags', () => {
  assert.deepEqual(parseLine(transform, 'nginx', nginx[7]!), {
    '@timestamp': READ_TIME,
    message: 'GET /healthz HTTP/1.1 200',
    error: { message: 'nginx: the line is neither a combined access log line nor an error log line' },
    tags: ['_parse_failure', '_nginx_parse_failure'],
  });
});

test('nginx: error log lines, in the configured time zone', () => {
  const berlin = transformWith({ timezone: 'Europe/Berlin' });
  const lines = fixtureLines('nginx-error.log');
  assert.deepEqual(parseLine(berlin, 'nginx', lines[0]!), {
    '@timestamp': '2026-11-24T20:00:00.000Z',
    message:
      'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 203.0.113.9, server: shop.example.com, request: "GET /favicon.ico HTTP/1.1", host: "shop.example.com"',
    log: { level: 'error' },
    process: { pid: 1234, thread: { id: 1234 } },
    nginx: { error: { connection_id: 5 } },
  });
  assert.deepEqual(parseLine(berlin, 'nginx', lines[1]!).log, { level: 'warn' });
  assert.deepEqual(parseLine(berlin, 'nginx', lines[2]!), {
    '@timestamp': '2026-11-24T20:00:02.000Z',
    message: 'signal process started',
    log: { level: 'notice' },
    process: { pid: 1, thread: { id: 1 } },
  });
  assert.deepEqual(parseLine(berlin, 'nginx', lines[3]!).log, { level: 'emergency' });
});

test('apache: the combined example from the Apache docs', () => {
  assert.deepEqual(parseLine(transform, 'apache', apache[0]!), {
    '@timestamp': '2000-10-10T20:55:36.000Z',
    message: apache[0],
    source: { address: '127.0.0.1', ip: '127.0.0.1' },
    user: { name: 'frank' },
    url: { original: '/apache_pb.gif', path: '/apache_pb.gif' },
    http: { request: { method: 'GET', referrer: 'http://www.example.com/start.html' }, version: '1.0', response: { status_code: 200, body: { bytes: 2326 } } },
    user_agent: { original: 'Mozilla/4.08 [en] (Win98; I ;Nav)' },
  });
});

test('apache: the common format, with "-" for no body bytes', () => {
  assert.deepEqual(parseLine(transform, 'apache', apache[1]!), {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: apache[1],
    source: { address: '192.0.2.44', ip: '192.0.2.44' },
    url: { original: '/index.html', path: '/index.html' },
    http: { request: { method: 'GET' }, version: '1.1', response: { status_code: 304 } },
  });
});

test('apache: a resolved host name is source.domain, not source.ip', () => {
  assert.deepEqual(parseLine(transform, 'apache', apache[2]!).source, {
    address: 'crawl-66-249-66-1.googlebot.com',
    domain: 'crawl-66-249-66-1.googlebot.com',
  });
});

test('apache: an escaped quote inside the user agent does not end the field', () => {
  assert.deepEqual(parseLine(transform, 'apache', apache[3]!).user_agent, { original: 'Mozilla/5.0 \\"Evil\\" Bot' });
});

test('apache: OPTIONS * has url.original but no path', () => {
  const fields = parseLine(transform, 'apache', apache[4]!);
  assert.deepEqual(fields.url, { original: '*' });
  assert.deepEqual(fields.source, { address: '::1', ip: '::1' });
  assert.deepEqual(fields.http, { request: { method: 'OPTIONS' }, version: '1.0', response: { status_code: 200 } });
});

test('apache: an error log line under the apache format fails with the apache tag', () => {
  assert.deepEqual(parseLine(transform, 'apache', apache[5]!), {
    '@timestamp': READ_TIME,
    message: apache[5],
    error: { message: 'apache: the line is not a combined or common access log line' },
    tags: ['_parse_failure', '_apache_parse_failure'],
  });
});

test('an impossible date in an access line is a parse failure, not a shifted date', () => {
  const line = '192.0.2.1 - - [31/Feb/2026:21:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"';
  assert.deepEqual(parseLine(transform, 'apache', line).tags, ['_parse_failure', '_apache_parse_failure']);
});
