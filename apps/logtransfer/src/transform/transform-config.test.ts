import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '@logpipe/config';
import { transferSchema } from '../config/schema.js';
import { compileTransform, DEFAULT_TRANSFORM_SECTION } from './transform-config.js';

test('the defaults compile, and are the schema\'s defaults', () => {
  assert.doesNotThrow(() => compileTransform(DEFAULT_TRANSFORM_SECTION, 'logtransfer.ini'));
  const keys = transferSchema.transform.keys;
  assert.deepEqual(DEFAULT_TRANSFORM_SECTION, { timezone: keys.timezone.default, timestamp_formats: keys.timestamp_formats.default, add_fields: keys.add_fields.default });
});

test('every problem of [transform] is reported at once, with file, key, value and what is valid', () => {
  let error: unknown;
  try {
    compileTransform(
      {
        timezone: 'Europe/Atlantis',
        timestamp_formats: ['iso8601', 'yyyy-MM-dd hh:mm'],
        add_fields: ['env=prod', 'event.id=x'],
        drop_when: 'log.level = "debug"',
        regex: '^(?<log.offset>\\d+) (?<message>.*)$',
      },
      'logtransfer.ini',
    );
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof ConfigError);
  assert.equal(
    error.message,
    [
      'invalid configuration (5 problems):',
      '  logtransfer.ini: [transform] timezone = "Europe/Atlantis": is not a time zone this runtime knows; use an IANA name like UTC, Europe/Berlin or America/New_York',
      '  logtransfer.ini: [transform] timestamp_formats = "yyyy-MM-dd hh:mm": "yyyy-MM-dd hh:mm": unknown pattern letters "hh"; quote literal text like \'T\'; use a preset (iso8601, rfc3339, httpdate, syslog, epoch_s, epoch_ms) or a pattern like yyyy-MM-dd HH:mm:ss[.SSS]',
      '  logtransfer.ini: [transform] add_fields = "env=prod, event.id=x": "event.id=x": event.id is owned by the pipeline',
      '  logtransfer.ini: [transform] drop_when = "log.level = \\"debug\\"": unexpected "=" at column 11; e.g. log.level == "debug" or message =~ /healthcheck/',
      '  logtransfer.ini: [transform] regex = "^(?<log.offset>\\\\d+) (?<message>.*)$": group log.offset: log.offset is owned by the pipeline',
    ].join('\n'),
  );
});

test('a regex without named groups, or not a regex at all, is a config error', () => {
  assert.throws(() => compileTransform({ ...DEFAULT_TRANSFORM_SECTION, regex: '^\\d+ .*$' }, 'f.ini'), /regex = .*: has no named group/);
  assert.throws(() => compileTransform({ ...DEFAULT_TRANSFORM_SECTION, regex: '(?<message>[' }, 'f.ini'), /regex = .*: is not a valid regular expression: /);
});

test('an empty drop_when drops nothing', () => {
  const transform = compileTransform({ ...DEFAULT_TRANSFORM_SECTION, drop_when: '  ' }, 'f.ini');
  assert.equal(transform.finish({ message: 'x' }), true);
});
