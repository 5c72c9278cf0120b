import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, formatProblem } from './config-error.js';

test('a problem reads as source, section, key, quoted value, then what is wrong', () => {
  const at = { source: 'config/logagent.ini' };
  assert.equal(
    formatProblem({ ...at, section: 'kafka', key: 'acks', value: '7', message: 'must be one of: all, 1, 0' }),
    'config/logagent.ini: [kafka] acks = "7": must be one of: all, 1, 0',
  );
  assert.equal(formatProblem({ ...at, section: 'kafka', key: 'brokers', message: 'is required' }), 'config/logagent.ini: [kafka] brokers: is required');
  assert.equal(formatProblem({ ...at, section: 'kafak', message: 'unknown section' }), 'config/logagent.ini: [kafak]: unknown section');
  assert.equal(formatProblem({ ...at, key: 'x', value: '', message: 'is outside' }), 'config/logagent.ini: x = "": is outside');
  assert.equal(formatProblem({ source: 'env P_X', value: 'a\tb', message: 'no key' }), 'env P_X = "a\\tb": no key');
  assert.equal(formatProblem({ ...at, message: 'not found' }), 'config/logagent.ini: not found');
});

test('ConfigError lists every problem, one a line, and keeps them for programs', () => {
  const problems = [
    { source: 'a.ini', section: 's', key: 'k', value: 'v', message: 'bad' },
    { source: 'env P_S_J', section: 's', key: 'j', value: 'w', message: 'worse' },
  ];
  const error = new ConfigError(problems);
  assert.equal(error.name, 'ConfigError');
  assert.ok(error instanceof Error);
  assert.equal(error.message, 'invalid configuration (2 problems):\n  a.ini: [s] k = "v": bad\n  env P_S_J: [s] j = "w": worse');
  assert.deepEqual(error.problems, problems);
});
