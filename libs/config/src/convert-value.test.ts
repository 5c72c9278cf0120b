import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertValue, defaultAsRaw, describeType } from './convert-value.js';
import type { KeySpec } from './schema.js';

const ok = (spec: KeySpec, raw: string | string[], value: unknown): void =>
  assert.deepEqual(convertValue(spec, raw), { ok: true, value }, JSON.stringify(raw));
const bad = (spec: KeySpec, raw: string | string[], reason: string): void =>
  assert.deepEqual(convertValue(spec, raw), { ok: false, reason }, JSON.stringify(raw));

const d = { description: 'test' };

test('string: kept as written, spaces included; patterns must match the whole value', () => {
  ok({ ...d, type: 'string' }, '  spaced  ', '  spaced  ');
  ok({ ...d, type: 'string' }, '', '');
  const topic = { ...d, type: 'string', pattern: /[a-z.-]+/, patternHint: 'a topic name: a-z, "." and "-"' } as const;
  ok(topic, 'logs.app', 'logs.app');
  bad(topic, 'logs app', 'must be a topic name: a-z, "." and "-"');
  bad({ ...d, type: 'string', pattern: /^\d+$/g }, 'x1', 'must be a string matching /^\\d+$/g');
  ok({ ...d, type: 'string', pattern: /^\d+$/g }, '12', '12');
});

test('integer: whole numbers within bounds', () => {
  const port = { ...d, type: 'integer', min: 1, max: 65535 } as const;
  ok(port, '9092', 9092);
  ok(port, ' +1 ', 1);
  ok({ ...d, type: 'integer' }, '-5', -5);
  for (const raw of ['0', '65536', '1.5', '1e3', '0x10', '', 'ten', '9092 ']) {
    if (raw === '9092 ') ok(port, raw, 9092);
    else bad(port, raw, 'must be an integer from 1 to 65535');
  }
  bad({ ...d, type: 'integer', min: 1 }, '0', 'must be an integer of at least 1');
  bad({ ...d, type: 'integer', max: 9 }, '10', 'must be an integer of at most 9');
  bad({ ...d, type: 'integer' }, '99999999999999999999', 'must be an integer');
});

test('boolean: true/false, yes/no, on/off, 1/0 in any case', () => {
  const flag = { ...d, type: 'boolean' } as const;
  for (const raw of ['true', 'TRUE', 'yes', 'On', '1']) ok(flag, raw, true);
  for (const raw of ['false', 'No', 'off', '0']) ok(flag, raw, false);
  for (const raw of ['', 'y', 'enabled', '2']) bad(flag, raw, 'must be true or false (yes/no, on/off and 1/0 work too)');
});

test('duration: milliseconds, with bounds in the same notation', () => {
  const linger = { ...d, type: 'duration', min: '1ms', max: '1m' } as const;
  ok(linger, '250ms', 250);
  ok(linger, '1m', 60_000);
  bad(linger, '2m', 'must be a duration from 1ms to 1m');
  bad(linger, '0', 'must be a duration from 1ms to 1m');
  bad(linger, '30', 'must be a duration: a number followed by ms, s, m, h or d (e.g. 250ms, 5s, 1.5m, 2h, 7d), or 0');
});

test('bytes: sizes with units, with bounds in the same notation', () => {
  const flush = { ...d, type: 'bytes', min: '1KiB' } as const;
  ok(flush, '1MiB', 1_048_576);
  ok(flush, '1024', 1024);
  bad(flush, '1000', 'must be a size of at least 1KiB');
  bad(
    flush,
    '1 megabyte',
    'must be a size: a number of bytes, optionally followed by a unit: B, KB, MB, GB, TB (powers of 1000) ' +
      'or KiB, MiB, GiB, TiB (powers of 1024), e.g. 512, 64KiB, 10MB, 1GiB',
  );
});

test('list: commas or [] items, trimmed, empty items dropped, every item checked', () => {
  const paths = { ...d, type: 'list' } as const;
  ok(paths, ' /var/log/a.log , /var/log/b.log,, ', ['/var/log/a.log', '/var/log/b.log']);
  ok(paths, '', []);
  ok(paths, ['a,b', ' c ', ''], ['a,b', 'c']);
  const absolute = { ...d, type: 'list', pattern: /\/.*/, patternHint: 'absolute paths' } as const;
  ok(absolute, '/a,/b', ['/a', '/b']);
  bad(absolute, '/a, b, c', 'must be a list of absolute paths; not valid: "b", "c"');
});

test('enum: exact values and aliases, with a suggestion for near misses', () => {
  const acks = { ...d, type: 'enum', values: ['all', '1', '0'], aliases: { '-1': 'all' } } as const;
  ok(acks, 'all', 'all');
  ok(acks, ' 0 ', '0');
  ok(acks, '-1', 'all');
  bad(acks, '7', 'must be one of: all, 1, 0 (-1 means all)');
  bad(acks, 'ALL', 'must be one of: all, 1, 0 (-1 means all); did you mean `all`?');
  bad({ ...d, type: 'enum', values: ['gzip', 'snappy', 'lz4', 'zstd'] }, 'snapy', 'must be one of: gzip, snappy, lz4, zstd; did you mean `snappy`?');
});

test('address: host:port or :port', () => {
  const listen = { ...d, type: 'address' } as const;
  ok(listen, ':9100', ':9100');
  ok(listen, ' 127.0.0.1:9092 ', '127.0.0.1:9092');
  bad(
    listen,
    '127.0.0.1',
    'must be an address: "host:port", or ":port" to listen on all interfaces, with a port from 0 to 65535 (put IPv6 hosts in brackets: [::1]:9092)',
  );
});

test('a [] list given to a single-value key is rejected, saying what the key takes', () => {
  bad({ ...d, type: 'integer', min: 1 }, ['1', '2'], 'takes one value (an integer of at least 1), but was written as a list with "[]"; write "key = value" once');
});

test('describeType and defaultAsRaw', () => {
  assert.equal(describeType({ ...d, type: 'list', patternHint: 'host:port addresses' }), 'a comma-separated list of host:port addresses');
  assert.equal(describeType({ ...d, type: 'address' }), 'an address "host:port" or ":port"');
  assert.deepEqual(defaultAsRaw({ ...d, type: 'list', default: ['a'] }), ['a']);
  assert.equal(defaultAsRaw({ ...d, type: 'integer', default: 3 }), '3');
  assert.equal(defaultAsRaw({ ...d, type: 'boolean', default: false }), 'false');
  assert.equal(defaultAsRaw({ ...d, type: 'string' }), undefined);
});
