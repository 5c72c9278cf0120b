import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../commands.js';
import { UsageError } from './errors.js';
import { parseCommandLine } from './parse-command-line.js';

const parse = (...argv: string[]) => parseCommandLine(argv, COMMANDS);

test('the longest run of command words selects the command; flags and arguments follow', () => {
  const line = parse('targets', 'add', '--agent', 'web-1', '--path', '/var/log/a.log', '--topic', 'a', '--label', 'env=prod', '--label', 'team=x', '--dry-run');
  assert.equal(line.kind, 'run');
  assert.ok(line.kind === 'run');
  assert.deepEqual(line.command.path, ['targets', 'add']);
  assert.deepEqual({ ...line.values }, { agent: 'web-1', path: '/var/log/a.log', topic: 'a', label: ['env=prod', 'team=x'], 'dry-run': true });
  assert.deepEqual(line.positionals, []);
});

test('positionals are counted against the command; -- lets a query start with a dash', () => {
  const rm = parse('targets', 'rm', 'web-1/nginx', '--json');
  assert.ok(rm.kind === 'run');
  assert.deepEqual([rm.positionals, rm.values.json], [['web-1/nginx'], true]);
  assert.throws(() => parse('targets', 'rm'), (err: Error) => err instanceof UsageError && /targets rm takes 1 argument, got 0/.test(err.message));
  assert.throws(() => parse('targets', 'rm', 'a', 'b'), /takes 1 argument, got 2/);
  const query = parse('query', '--from', '2h', '--', '-v flag', 'text');
  assert.ok(query.kind === 'run');
  assert.deepEqual([query.values.from, query.positionals], ['2h', ['-v flag', 'text']]);
});

test('connection flags work on every command', () => {
  const line = parse('agents', '--etcd', 'http://e:2379', '--prefix', '/x');
  assert.ok(line.kind === 'run');
  assert.deepEqual({ ...line.values }, { etcd: 'http://e:2379', prefix: '/x' });
});

test('unknown flags, commands and missing values are usage errors that say what to run', () => {
  assert.throws(() => parse('targets', 'ls', '--agnet', 'x'), (err: Error) => err instanceof UsageError && err.exitCode === 2 && /Unknown option '--agnet'.*logctl targets ls --help/.test(err.message));
  assert.throws(() => parse('targets', 'frobnicate'), /unknown command "targets frobnicate"/);
  assert.throws(() => parse('frobnicate'), /unknown command "frobnicate"; run `logctl --help`/);
  assert.throws(() => parse('query', '--from'), /argument missing/);
});

test('help and version are recognised wherever they are asked for', () => {
  assert.deepEqual(parse(), { kind: 'help', words: [] });
  assert.deepEqual(parse('--help'), { kind: 'help', words: [] });
  assert.deepEqual(parse('help', 'targets', 'add'), { kind: 'help', words: ['targets', 'add'] });
  assert.deepEqual(parse('targets'), { kind: 'help', words: ['targets'] });
  assert.deepEqual(parse('targets', '--help'), { kind: 'help', words: ['targets'] });
  assert.deepEqual(parse('status', '--topic', 'a', '-h'), { kind: 'help', words: ['status'] });
  assert.deepEqual(parse('--version'), { kind: 'version' });
});

test('a flag given an empty value is refused, not read as its default', () => {
  assert.throws(() => parse('status', '--brokers', ''), (err: Error) => err instanceof UsageError && err.message === 'status: --brokers is empty; give it a value (--brokers LIST), or leave the flag out');
  assert.throws(() => parse('query', '--host', 'web-1', '--host', ' '), /query: --host is empty/);
});
