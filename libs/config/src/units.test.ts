import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBytes, parseDuration } from './units.js';

test('durations convert to milliseconds for every unit', () => {
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('5s'), 5000);
  assert.equal(parseDuration('1m'), 60_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1.5m'), 90_000);
  assert.equal(parseDuration('1.1s'), 1100, 'float noise (1100.0000000000002) is absorbed');
  assert.equal(parseDuration(' 10 s '), 10_000);
  assert.equal(parseDuration('0'), 0);
});

test('durations without a unit, with unknown units or fractions of a millisecond are rejected', () => {
  for (const text of ['30', '', 's', '5 sec', '5S', '-5s', '1w', '0.5ms', '5s10ms', 'five seconds', '1e3ms']) {
    assert.equal(parseDuration(text), undefined, text);
  }
});

test('sizes convert to bytes, decimal and binary units, in any case', () => {
  assert.equal(parseBytes('512'), 512);
  assert.equal(parseBytes('512B'), 512);
  assert.equal(parseBytes('64KiB'), 65_536);
  assert.equal(parseBytes('1MiB'), 1_048_576);
  assert.equal(parseBytes('1GiB'), 1_073_741_824);
  assert.equal(parseBytes('1TiB'), 2 ** 40);
  assert.equal(parseBytes('10MB'), 10_000_000);
  assert.equal(parseBytes('10mb'), 10_000_000);
  assert.equal(parseBytes('2 kb'), 2000);
  assert.equal(parseBytes('1GB'), 1e9);
  assert.equal(parseBytes('1TB'), 1e12);
  assert.equal(parseBytes('1.5KiB'), 1536);
});

test('sizes with unknown units, signs or fractions of a byte are rejected', () => {
  for (const text of ['', 'KiB', '10 MBs', '1PB', '-1', '1.5', '0.1KiB', '10M', '1e3', '9007199254740993']) {
    assert.equal(parseBytes(text), undefined, text);
  }
});
