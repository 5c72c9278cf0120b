import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from './errors.js';
import { parseDuration, parseTimeSpec } from './time-spec.js';

const now = new Date('2026-01-15T12:00:00.000Z');
const at = (text: string) => parseTimeSpec(text, now, '--from').toISOString();

test('durations in every unit', () => {
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('7d'), 604_800_000);
  assert.equal(parseDuration('1w'), 604_800_000);
  assert.equal(parseDuration('15'), undefined);
  assert.equal(parseDuration('15 minutes'), undefined);
});

test('a duration means that long ago; now and now-D are relative to now', () => {
  assert.equal(at('15m'), '2026-01-15T11:45:00.000Z');
  assert.equal(at('2h'), '2026-01-15T10:00:00.000Z');
  assert.equal(at('now'), '2026-01-15T12:00:00.000Z');
  assert.equal(at('now-1d'), '2026-01-14T12:00:00.000Z');
});

test('ISO 8601 times are taken as written, and as UTC without a zone', () => {
  assert.equal(at('2026-01-15T10:00:00Z'), '2026-01-15T10:00:00.000Z');
  assert.equal(at('2026-01-15T10:00:00.250+02:00'), '2026-01-15T08:00:00.250Z');
  assert.equal(at('2026-01-15T10:00'), '2026-01-15T10:00:00.000Z');
  assert.equal(at('2026-01-15 10:00:00'), '2026-01-15T10:00:00.000Z');
  assert.equal(at('2026-01-15'), '2026-01-15T00:00:00.000Z');
});

test('anything else is a usage error naming the flag and the accepted forms', () => {
  for (const bad of ['yesterday', '15', '2026-13-45', '-5m', '']) {
    assert.throws(
      () => parseTimeSpec(bad, now, '--from'),
      (err: Error) => err instanceof UsageError && err.message.startsWith(`--from ${JSON.stringify(bad)}: use a duration ago`),
      bad,
    );
  }
});
