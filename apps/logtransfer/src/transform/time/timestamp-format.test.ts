import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTimestampFormat } from './timestamp-format.js';
import { TimestampParser } from './timestamp-parser.js';
import { TimeZone } from './time-zone.js';

const READ = '2026-11-24T21:00:10.000Z';

function parse(formats: string[], value: string, zone = TimeZone.UTC): string | undefined {
  const millis = new TimestampParser(formats.map(compileTimestampFormat), zone).parse(value, READ);
  return millis === undefined ? undefined : new Date(millis).toISOString();
}

test('patterns compile to the times they describe', () => {
  assert.equal(parse(['dd/MMM/yyyy:HH:mm:ss Z'], '10/Oct/2000:13:55:36 -0700'), '2000-10-10T20:55:36.000Z');
  assert.equal(parse(['httpdate'], '10/Oct/2000:13:55:36 +05:30'), '2000-10-10T08:25:36.000Z');
  assert.equal(parse(['yyyy-MM-dd HH:mm:ss[.SSS]'], '2026-11-24 21:00:00'), '2026-11-24T21:00:00.000Z');
  assert.equal(parse(['yyyy-MM-dd HH:mm:ss[.SSS]'], '2026-11-24 21:00:00,007'), '2026-11-24T21:00:00.007Z');
  assert.equal(parse(["yyyy-MM-dd'T'HH:mm:ss.SSSXXX"], '2026-11-24T21:00:00.5+01:00'), '2026-11-24T20:00:00.500Z');
  assert.equal(parse(['EEE MMM d HH:mm:ss yyyy'], 'Tue Nov  3 21:00:00 2026'), '2026-11-03T21:00:00.000Z');
  assert.equal(parse(['syslog'], 'Nov 24 21:00:00'), '2026-11-24T21:00:00.000Z');
  assert.equal(parse(['d.M.yyyy H:mm'], '4.7.2026 9:05', TimeZone.named('Europe/Berlin')), '2026-07-04T07:05:00.000Z');
});

test('a whole value must be nothing but the time; ISO-8601 and epoch numbers always work', () => {
  assert.equal(parse(['yyyy-MM-dd HH:mm:ss'], '2026-11-24 21:00:00 extra'), undefined);
  assert.equal(parse([], '2026-11-24T21:00:00.123456Z'), '2026-11-24T21:00:00.123Z');
  assert.equal(parse([], '1795554000'), '2026-11-24T21:00:00.000Z');
  assert.equal(parse([], '1795554000123'), '2026-11-24T21:00:00.123Z');
  assert.equal(parse([], '1795554000123456'), '2026-11-24T21:00:00.123Z');
  assert.equal(parse([], 'yesterday'), undefined);
});

test('bad patterns say what is wrong', () => {
  assert.throws(() => compileTimestampFormat('yyyy-MM-dd HH:mm:ss Q'), /unknown pattern letters "Q"; quote literal text like 'T'/);
  assert.throws(() => compileTimestampFormat('HH:mm:ss'), /needs at least a month \(MM or MMM\), a day \(dd\), hours \(HH\) and minutes \(mm\)/);
  assert.throws(() => compileTimestampFormat('yyyy-MM-dd HH:mm[:ss'), /has a "\[" without "\]"/);
  assert.throws(() => compileTimestampFormat("yyyy-MM-dd'T HH:mm"), /has an unclosed quote/);
  assert.throws(() => compileTimestampFormat('yyyy-MM-dd HH:mm yyyy'), /has the year twice/);
});
