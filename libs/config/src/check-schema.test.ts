import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSchema } from './check-schema.js';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';

const SOURCE = 'config/logagent.ini';

test('a sound schema passes and yields its env lookup table', () => {
  const targets = checkSchema({ s: { description: 'x', keys: { flush_bytes: { type: 'bytes', default: '1MiB', min: '1KiB', description: 'x' } } } }, 'P');
  assert.deepEqual([...targets], [['P_S_FLUSH_BYTES', { section: 's', key: 'flush_bytes' }]]);
});

test('a broken schema is a plain Error naming every mistake, thrown before the file is looked at', () => {
  const broken = {
    s: {
      description: 'x',
      keys: {
        a: { type: 'integer', default: 5, min: 10, description: 'x' },
        b: { type: 'enum', values: ['x'], aliases: { y: 'z' }, default: 'x', description: 'x' },
        c: { type: 'string', required: true, default: 'q', description: 'x' },
        d: { type: 'duration', min: '1s', max: '5', description: 'x' },
        e_f: { type: 'boolean', description: 'x' },
      },
    },
    s_e: { description: 'x', keys: { f: { type: 'boolean', description: 'x' } } },
    'bad name': { description: 'x', keys: { 'k=v': { type: 'string', description: 'x' } } },
  } as const;
  assert.throws(
    () => parseConfig('', SOURCE, broken, { envPrefix: 'P', env: {} }),
    (err: unknown) => {
      assert.ok(err instanceof Error && !(err instanceof ConfigError));
      assert.equal(
        err.message,
        [
          'invalid config schema (a bug in the app, not in the config file):',
          '  [s] a: default 5 must be an integer of at least 10',
          '  [s] b: alias "y" points to "z", which is not one of the values',
          '  [s] c: a required key cannot have a default',
          '  [s] d: max "5" is not a valid bound',
          '  section name "bad name" cannot be written as an INI header',
          '  [bad name] key name "k=v" cannot be written in an INI file',
          '  P_S_E_F would set both [s] e_f and [s_e] f',
        ].join('\n'),
      );
      return true;
    },
  );
  assert.throws(() => parseConfig('', SOURCE, {}, { envPrefix: '9X', env: {} }), /envPrefix "9X" must be letters/);
});
