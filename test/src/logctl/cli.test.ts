import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { endpoints, repoRoot } from '@logpipe/services';
import { uniqueNames } from '../support/unique-names.js';
import { logctl, logctlOk, serverFlags } from './logctl-support.js';

const names = uniqueNames('logctl-cli');
const etcd = new Etcd3({ hosts: endpoints().etcdEndpoints });
const flags = serverFlags(names.etcdPrefix);
const dir = mkdtempSync(join(tmpdir(), 'logctl-cli-'));

after(async () => {
  await etcd.delete().prefix(`${names.etcdPrefix}`);
  etcd.close();
  rmSync(dir, { recursive: true, force: true });
});

const ESC = '\u001b';
const COMMANDS = ['targets ls', 'targets add', 'targets rm', 'targets show', 'targets edit', 'agents', 'status', 'query', 'routes ls', 'routes set', 'routes rm', 'check'];

test('--help works for every command, lists its flags and examples, and exits 0', async () => {
  const overview = await logctlOk(['--help']);
  for (const command of COMMANDS) assert.match(overview.stdout, new RegExp(`^  ${command} `, 'm'), `logctl --help does not list ${command}`);
  for (const command of COMMANDS) {
    const { stdout } = await logctlOk([...command.split(' '), '--help']);
    assert.match(stdout, new RegExp(`^Usage: logctl ${command}`), command);
    assert.match(stdout, /\nCommon:\n {2}--json .*\n {2}-h, --help/, command);
    assert.match(stdout, /\nExamples:\n {2}logctl /, command);
  }
  assert.match((await logctlOk(['help', 'targets'])).stdout, /^Usage: logctl targets COMMAND/);
});

test('--json output parses for every listing, and the exit codes are 0, 1 and 2 as documented', async () => {
  await logctlOk(['targets', 'add', '--agent', 'web-1', '--path', '/var/log/app.log', '--topic', 'app_log', '--format', 'json', ...flags]);
  await etcd.put(`${names.etcdPrefix}/web-2/collect_config`).value(JSON.stringify([{ path: '/var/log/a.log', topic: 'a' }]));
  await logctlOk(['routes', 'set', 'app_log', '--format', 'json', ...flags]);

  const targets = JSON.parse((await logctlOk(['targets', 'ls', '--json', ...flags])).stdout) as { id: string; valid: boolean; value: unknown }[];
  assert.deepEqual(targets.map((t) => [t.id, t.valid]), [['web-1/app-log', true], ['web-2/collect_config[0]', true]]);
  assert.deepEqual(targets[1]!.value, { path: '/var/log/a.log', topic: 'a' });
  const only = JSON.parse((await logctlOk(['targets', 'ls', '--agent', 'web-2', '--json', ...flags])).stdout) as { id: string }[];
  assert.deepEqual(only.map((t) => t.id), ['web-2/collect_config[0]']);
  const shown = JSON.parse((await logctlOk(['targets', 'show', 'web-1/app-log', '--json', ...flags])).stdout) as { key: string; value: unknown };
  assert.deepEqual([shown.key, shown.value], [`${names.etcdPrefix}/web-1/targets/app-log`, { path: '/var/log/app.log', topic: 'app_log', format: 'json' }]);
  const routes = JSON.parse((await logctlOk(['routes', 'ls', '--json', ...flags])).stdout) as { topic: string; value: unknown }[];
  assert.deepEqual(routes.map((r) => [r.topic, r.value]), [['app_log', { format: 'json' }]]);
  assert.deepEqual(JSON.parse((await logctlOk(['agents', '--json', ...flags])).stdout), []);

  // No transfer runs for this test's prefixes: both targets' topics are flagged.
  const table = await logctlOk(['targets', 'ls', ...flags]);
  assert.equal(table.stdout, [
    'ID                       PATH              TOPIC    FORMAT  LABELS  PROBLEM',
    'web-1/app-log            /var/log/app.log  app_log  json            no live transfer consumes app_log',
    'web-2/collect_config[0]  /var/log/a.log    a        plain           no live transfer consumes a',
    '',
  ].join('\n'));
  assert.match(table.stderr, /^warning: no live transfer is registered under .*-transfer\/workers\/, so nothing consumes topics app_log, a: their lines wait in Kafka/);

  // 1: the operation failed.
  const missing = await logctl(['targets', 'show', 'web-1/nope', ...flags]);
  assert.deepEqual([missing.code, missing.stdout], [1, '']);
  assert.match(missing.stderr, /^logctl: no target web-1\/nope .*`logctl targets ls` lists the targets\n$/);
  const down = await logctl(['targets', 'ls', '--etcd', 'http://127.0.0.1:1']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /etcd at http:\/\/127\.0\.0\.1:1 \(from --etcd\) failed listing \/logagent\/: .*point logctl at it with --etcd, LOGCTL_ETCD_ENDPOINTS or --agent-config/);
  // The environment variable is used, and named, when no flag is given.
  const fromEnv = await logctl(['agents'], { LOGCTL_ETCD_ENDPOINTS: 'http://127.0.0.1:1' });
  assert.match(fromEnv.stderr, /\(from LOGCTL_ETCD_ENDPOINTS\)/);
  // 2: the command line or a value is wrong.
  assert.equal((await logctl(['targets', 'ls', '--agent', 'a', '--all', ...flags])).code, 2);
  assert.equal((await logctl(['targets', 'nope'])).code, 2);
  assert.equal((await logctl(['targets', 'show', 'a/b/c', ...flags])).code, 2);
});

test('colour only on a terminal, and not with NO_COLOR', () => {
  const bin = join(repoRoot(), 'node_modules', '.bin', 'logctl');
  const onTty = (env: Record<string, string | undefined>) =>
    spawnSync('script', ['-qec', `${bin} targets ls ${flags.join(' ')}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, TERM: 'xterm', ...env } });
  const coloured = onTty({});
  assert.equal(coloured.status, 0, coloured.stderr);
  assert.ok(coloured.stdout.includes(`${ESC}[1mID${ESC}[22m`), `no bold header on a terminal: ${JSON.stringify(coloured.stdout)}`);
  const plain = onTty({ NO_COLOR: '1' });
  assert.ok(!plain.stdout.includes(ESC), `colour despite NO_COLOR: ${JSON.stringify(plain.stdout)}`);
});

test('check validates either app\'s INI file with its own schema, reporting every problem with section and key', async () => {
  const ok = await logctlOk(['check', '--config', join(repoRoot(), 'config', 'logtransfer.ini')]);
  assert.match(ok.stdout, /logtransfer\.ini: OK \(logtransfer\)\n$/);
  const bad = join(dir, 'agent.ini');
  writeFileSync(bad, '[agent]\nname = web-1\nscan_intervall = 1s\n[etcd]\nstatus_ttl = 0s\n[kafka]\ncompression = brotli\n[nonsense]\nx = 1\n');
  const result = await logctl(['check', '--config', bad]);
  assert.equal(result.code, 2);
  assert.match(result.stdout, /agent\.ini: invalid logagent configuration \(4 problems\):/);
  assert.match(result.stdout, /\[agent\] scan_intervall = "1s": unknown key/);
  assert.match(result.stdout, /\[etcd\] status_ttl = "0s": /);
  assert.match(result.stdout, /\[kafka\] compression = "brotli": must be one of: zstd, gzip, lz4, snappy, none/);
  assert.match(result.stdout, /\[nonsense\].*unknown section/);
  const json = JSON.parse((await logctl(['check', '--config', bad, '--json'])).stdout) as { app: string; valid: boolean; problems: { section?: string; key?: string }[] };
  assert.deepEqual([json.app, json.valid], ['logagent', false]);
  assert.deepEqual(json.problems.map((p) => `${p.section}.${p.key}`).sort(), ['agent.scan_intervall', 'etcd.status_ttl', 'kafka.compression', 'nonsense.undefined'].sort());

  const shared = join(dir, 'shared.ini');
  writeFileSync(shared, '[kafka]\nbrokers = k:9092\n');
  const undecided = await logctl(['check', '--config', shared]);
  assert.equal(undecided.code, 2);
  assert.match(undecided.stderr, /give --app logagent or --app logtransfer/);
  // Valid for both: without [kafka] topics a transfer consumes the targets' topics.
  assert.equal((await logctl(['check', '--config', shared, '--app', 'logtransfer'])).code, 0);
  assert.equal((await logctl(['check', '--config', shared, '--app', 'logagent'])).code, 0);
  const nothing = join(dir, 'nothing.ini');
  writeFileSync(nothing, '[kafka]\nbrokers = k:9092\ntarget_topics = false\n');
  const consumesNothing = await logctl(['check', '--config', nothing, '--app', 'logtransfer']);
  assert.equal(consumesNothing.code, 2);
  assert.match(consumesNothing.stdout, /\[kafka\] topics: is empty and target_topics is false, so nothing would be consumed/);
});
