import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine, READ_TIME, transformWith } from '../test-support.js';
import { rewriteNamedGroups } from './named-groups.js';

test('named groups are rewritten to identifiers; escapes, classes and lookbehinds are left alone', () => {
  assert.deepEqual(rewriteNamedGroups('(?<@timestamp>\\S+) \\(?<x>[(?<y>](?<=a)(?<!b)(?<took:float>\\d+)'), {
    source: '(?<g0>\\S+) \\(?<x>[(?<y>](?<=a)(?<!b)(?<g1>\\d+)',
    groups: [
      { path: '@timestamp', type: 'string' },
      { path: 'took', type: 'float' },
    ],
  });
  assert.throws(() => rewriteNamedGroups('(?<bad-name>x)'), /group name "bad-name" is not a field path/);
});

const transform = transformWith({
  timezone: 'Europe/Berlin',
  regex:
    '^(?<@timestamp>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (?<log.level>\\w+) (?<source.ip>\\S+) (?<http.request.method>[A-Z]+) (?<url.path>\\S+) (?<http.response.status_code>\\d+) (?<event.duration:int>\\d+)ns (?<took:float>[\\d.]+)s(?: user=(?<user.name>\\S+))? (?<message>.*)$',
});

test('each group sets its field: ECS numbers and :int/:float become numbers, @timestamp uses the zone, log.level is normalised', () => {
  const line = '2026-11-24 22:00:00 Warning 10.0.0.7 GET /api/orders 503 1500000ns 1.5s upstream timed out';
  assert.deepEqual(parseLine(transform, 'regex', line), {
    '@timestamp': '2026-11-24T21:00:00.000Z',
    message: 'upstream timed out',
    log: { level: 'warn' },
    source: { ip: '10.0.0.7' },
    http: { request: { method: 'GET' }, response: { status_code: 503 } },
    url: { path: '/api/orders' },
    event: { duration: 1500000 },
    took: 1.5,
  });
});

test('an optional group that did not take part sets nothing; one that did is set', () => {
  const line = '2026-11-24 22:00:00 INFO 10.0.0.7 GET / 200 10ns 0.001s user=alice ok';
  assert.deepEqual(parseLine(transform, 'regex', line).user, { name: 'alice' });
});

test('a line that does not match, and a group value that is no valid time, are failures that write nothing', () => {
  assert.deepEqual(parseLine(transform, 'regex', 'something else'), {
    '@timestamp': READ_TIME,
    message: 'something else',
    error: { message: 'regex: the line does not match [transform] regex' },
    tags: ['_parse_failure', '_regex_parse_failure'],
  });
  const badDate = '2026-13-45 22:00:00 INFO 10.0.0.7 GET / 200 10ns 0.001s ok';
  assert.deepEqual(parseLine(transform, 'regex', badDate), {
    '@timestamp': READ_TIME,
    message: badDate,
    error: { message: 'regex: @timestamp "2026-13-45 22:00:00" matches none of [transform] timestamp_formats' },
    tags: ['_parse_failure', '_regex_parse_failure'],
  });
});

test('without [transform] regex, the regex format fails with a hint instead of passing silently', () => {
  assert.deepEqual(parseLine(transformWith(), 'regex', 'x'), {
    '@timestamp': READ_TIME,
    message: 'x',
    error: { message: 'regex: the format is regex, but [transform] regex is not set' },
    tags: ['_parse_failure', '_regex_parse_failure'],
  });
});
