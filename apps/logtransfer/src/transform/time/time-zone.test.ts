import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeZone } from './time-zone.js';

const at = (zone: TimeZone, ...wall: [number, number, number, number, number]): string =>
  new Date(zone.toUtc(Date.UTC(wall[0], wall[1] - 1, wall[2], wall[3], wall[4]))).toISOString();

test('wall-clock times become UTC with the offset in force, summer and winter', () => {
  const berlin = TimeZone.named('Europe/Berlin');
  assert.equal(at(berlin, 2026, 7, 1, 12, 0), '2026-07-01T10:00:00.000Z');
  assert.equal(at(berlin, 2026, 1, 1, 12, 0), '2026-01-01T11:00:00.000Z');
  assert.equal(at(TimeZone.named('Asia/Kathmandu'), 2026, 1, 1, 12, 0), '2026-01-01T06:15:00.000Z');
  assert.equal(at(TimeZone.named('America/New_York'), 2026, 11, 24, 21, 0), '2026-11-25T02:00:00.000Z');
});

test('around DST changes: a repeated hour reads as standard time, a skipped one lands an hour later', () => {
  const berlin = TimeZone.named('Europe/Berlin');
  assert.equal(at(berlin, 2026, 10, 25, 2, 30), '2026-10-25T01:30:00.000Z');
  assert.equal(at(berlin, 2026, 3, 29, 2, 30), '2026-03-29T01:30:00.000Z');
  assert.equal(at(berlin, 2026, 3, 29, 3, 0), '2026-03-29T01:00:00.000Z');
});

test('UTC and its aliases need no Intl; unknown zones throw RangeError', () => {
  assert.equal(TimeZone.named('UTC'), TimeZone.UTC);
  assert.equal(TimeZone.named('Etc/UTC'), TimeZone.UTC);
  assert.equal(at(TimeZone.UTC, 2026, 11, 24, 21, 0), '2026-11-24T21:00:00.000Z');
  assert.throws(() => TimeZone.named('Mars/Olympus_Mons'), RangeError);
});
