import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { COMMANDS } from './commands.js';
import { run } from './run.js';

/** Runs logctl in-process with captured output; no server is needed for these. */
async function logctl(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (c: Buffer) => (chunks.stdout += c.toString()));
  stderr.on('data', (c: Buffer) => (chunks.stderr += c.toString()));
  const code = await run(argv, { stdout, stderr }, {}, new AbortController().signal);
  return { code, ...chunks };
}

test('--help works for every command and exits 0', async () => {
  for (const command of COMMANDS) {
    const { code, stdout } = await logctl(...command.path, '--help');
    assert.equal(code, 0, command.path.join(' '));
    assert.match(stdout, new RegExp(`^Usage: logctl ${command.path.join(' ')}`));
    assert.match(stdout, /Examples:/);
  }
  assert.match((await logctl('--help')).stdout, /Commands:[\s\S]*targets add[\s\S]*Exit codes/);
});

test('usage errors exit 2 with one message on stderr', async () => {
  const unknown = await logctl('targets', 'ls', '--bogus');
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^logctl: targets ls: Unknown option '--bogus'/);
  assert.equal((await logctl('targets', 'add', '--path', '/a', '--topic', 't')).code, 2);
  assert.equal((await logctl('query', '--from', 'yesterday')).code, 2);
  assert.equal((await logctl('query', '--follow', '--to', 'now')).code, 2);
  assert.equal((await logctl('routes', 'set', 'a_log')).code, 2);
});

test('an invalid target is refused before any server is contacted, naming each field (exit 2)', async () => {
  const { code, stderr } = await logctl('targets', 'add', '--agent', 'web-1', '--path', 'var/log/a.log', '--topic', 'a b', '--etcd', 'http://127.0.0.1:1');
  assert.equal(code, 2);
  assert.match(stderr, /target web-1\/a-log \(\/logagent\/web-1\/targets\/a-log\) refused; nothing was written:/);
  assert.match(stderr, /"path" must be absolute/);
  assert.match(stderr, /"topic" "a b" is not a valid Kafka topic name/);
});

test('--dry-run prints the value that would be written, as JSON with --json', async () => {
  const { code, stdout } = await logctl('targets', 'add', '--all', '--path', '/var/log/syslog', '--topic', 'syslog_log', '--format', 'syslog', '--dry-run', '--json');
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), { dry_run: true, id: '_all/syslog', key: '/logagent/_all/targets/syslog', value: { path: '/var/log/syslog', topic: 'syslog_log', format: 'syslog' } });
});
