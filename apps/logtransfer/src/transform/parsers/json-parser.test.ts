import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureLines, parseLine, READ_TIME, transformWith } from '../test-support.js';

const transform = transformWith();
const pino = fixtureLines('json-pino.log');
const structlog = fixtureLines('json-structlog.log');
const other = fixtureLines('json-other.log');

test('pino: msg, numeric level, epoch-millisecond time, pid and hostname map to ECS; the rest is merged', () => {
  assert.deepEqual(parseLine(transform, 'json', pino[0]!), {
    '@timestamp': '2026-11-24T21:00:00.123Z',
    message: 'order created',
    log: { level: 'info' },
    host: { hostname: 'web-1' },
    process: { pid: 4021 },
    name: 'orders',
    orderId: 'o-981',
    amountCents: 4599,
  });
});

test('pino: a serialised err becomes error.*, with stack as error.stack_trace', () => {
  assert.deepEqual(parseLine(transform, 'json', pino[1]!), {
    '@timestamp': '2026-11-24T21:00:01.456Z',
    message: 'payment service unavailable',
    log: { level: 'error' },
    host: { hostname: 'web-1' },
    process: { pid: 4021 },
    name: 'orders',
    error: {
      type: 'Error',
      message: 'connect ECONNREFUSED 10.0.0.7:5432',
      stack_trace: 'Error: connect ECONNREFUSED 10.0.0.7:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)',
      code: 'ECONNREFUSED',
    },
  });
});

test('bunyan: an ISO time string and level 40', () => {
  assert.deepEqual(parseLine(transform, 'json', pino[2]!), {
    '@timestamp': '2026-11-24T21:00:02.789Z',
    message: 'retrying invoice',
    log: { level: 'warn' },
    host: { hostname: 'web-2' },
    process: { pid: 77 },
    name: 'billing',
    attempt: 2,
    v: 0,
  });
});

test('structlog: "event" is the message, "logger" is log.logger, microseconds are cut to milliseconds', () => {
  assert.deepEqual(parseLine(transform, 'json', structlog[0]!), {
    '@timestamp': '2026-11-24T21:00:03.123Z',
    message: 'user logged in',
    log: { level: 'info', logger: 'auth.views' },
    user_id: 42,
  });
});

test('structlog: a zone-less timestamp is read in [transform] timezone; "warning" is warn; nested objects and null stay', () => {
  const berlin = transformWith({ timezone: 'Europe/Berlin' });
  assert.deepEqual(parseLine(berlin, 'json', structlog[1]!), {
    '@timestamp': '2026-11-24T21:00:04.000Z',
    message: 'payment declined',
    log: { level: 'warn' },
    order: { id: 'o-982', total: 12.5 },
    exc_info: null,
  });
  assert.equal(parseLine(transform, 'json', structlog[1]!)['@timestamp'], '2026-11-24T22:00:04.000Z');
});

test('structlog: float epoch seconds', () => {
  assert.deepEqual(parseLine(transform, 'json', structlog[2]!), {
    '@timestamp': '2026-11-24T21:00:05.500Z',
    message: 'cache miss',
    log: { level: 'debug' },
    key: 'user:42',
  });
});

test('ECS logging: dotted keys are expanded into objects; a string error is error.message', () => {
  assert.deepEqual(parseLine(transform, 'json', other[0]!), {
    '@timestamp': '2026-11-24T21:00:06.000Z',
    message: 'checkout failed',
    log: { level: 'error' },
    ecs: { version: '1.6.0' },
    service: { name: 'checkout' },
    error: { message: 'card expired' },
  });
});

test('keys that would overwrite pipeline fields are left out, and the raw line is kept in event.original', () => {
  // parseLine also asserts event.id, log.offset, host.name and agent.* are the agent's.
  assert.deepEqual(parseLine(transform, 'json', other[1]!), {
    '@timestamp': READ_TIME,
    message: 'conflicts',
    log: { logger: 'db' },
    event: { dataset: 'db.slow', original: other[1] },
    time: 'yesterday',
  });
});

test('a dotted key cannot reach a pipeline field either', () => {
  const line = '{"msg":"x","log.offset":7,"event.id":"forged","host.name":"forged","agent.id":"forged","labels":"flat"}';
  assert.deepEqual(parseLine(transform, 'json', line), { '@timestamp': READ_TIME, message: 'x', event: { original: line } });
});

test('__proto__ in a line is an ordinary field name, not a prototype', () => {
  const line = '{"msg":"x","__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true}}}';
  const fields = parseLine(transform, 'json', line);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // JSON.parse, unlike an object literal, makes `__proto__` an own property: what the document must hold.
  const expected: unknown = JSON.parse(`{"@timestamp":"${READ_TIME}","message":"x","__proto__":{"polluted":true},"a":{"__proto__":{"polluted":true}}}`);
  assert.deepEqual(JSON.parse(JSON.stringify(fields)), expected);
});

test('a line that is not JSON, or not an object, fails and keeps its message', () => {
  const truncated = parseLine(transform, 'json', other[2]!);
  assert.match((truncated.error as { message: string }).message, /^json: Unterminated string in JSON/);
  assert.deepEqual({ ...truncated, error: undefined }, {
    '@timestamp': READ_TIME,
    message: '{"msg":"truncated',
    error: undefined,
    tags: ['_parse_failure', '_json_parse_failure'],
  });
  assert.deepEqual(parseLine(transform, 'json', other[3]!), {
    '@timestamp': READ_TIME,
    message: '["not","an","object"]',
    error: { message: 'json: the line is an array, not a JSON object' },
    tags: ['_parse_failure', '_json_parse_failure'],
  });
});

test('a JSON line without message keeps the line as message; a string event next to one is event.action', () => {
  assert.deepEqual(parseLine(transform, 'json', '{"user":"alice","status":"ok"}'), {
    '@timestamp': READ_TIME,
    message: '{"user":"alice","status":"ok"}',
    user: 'alice',
    status: 'ok',
  });
  assert.deepEqual(parseLine(transform, 'json', '{"message":"signed in","event":"login"}'), {
    '@timestamp': READ_TIME,
    message: 'signed in',
    event: { action: 'login' },
  });
});

test('the JSON\'s own tags are kept and failure tags are appended to them', () => {
  assert.deepEqual(parseLine(transform, 'json', '{"msg":"x","tags":["billing"]}').tags, ['billing']);
});
