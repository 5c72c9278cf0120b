import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@logpipe/services';

/** The commands as users type them: `npx logagent ...`, through the bins npm linked. */
function run(app: string, args: string[], env: Record<string, string> = {}) {
  const bin = join(repoRoot(), 'node_modules', '.bin', app);
  return spawnSync(bin, args, { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, ...env } });
}

for (const app of ['logagent', 'logtransfer']) {
  test(`${app} --check accepts the example config and exits 0`, () => {
    const result = run(app, ['--check', '--config', `config/${app}.ini`]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `config/${app}.ini: OK\n`);
  });

  test(`${app} --check reports every problem of a bad config at once and exits 2`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'logpipe-cli-'));
    const file = join(dir, 'bad.ini');
    writeFileSync(file, '[kafka]\nbrokers = 127.0.0.1:9092\nbatch_byte = 1MiB\n[metrics]\nlisten = 127.0.0.1:99999\n[nonsense]\nx = 1\n');
    const result = run(app, ['--check', '--config', file], { [`${app.toUpperCase()}_LOG_LEVEL`]: 'loud' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /invalid configuration \(4 problems\)/);
    assert.match(result.stderr, /\[kafka\] batch_byte.*unknown key/);
    assert.match(result.stderr, /\[metrics\] listen = "127\.0\.0\.1:99999"/);
    assert.match(result.stderr, /\[nonsense\].*unknown section/);
    assert.match(result.stderr, new RegExp(`env ${app.toUpperCase()}_LOG_LEVEL: \\[log\\] level = "loud": must be one of: debug, info, warn, error`));
  });
}

test('an unknown command-line flag is a usage error (exit 2) that shows the usage', () => {
  const result = run('logagent', ['--confg', 'x']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /usage: logagent \[--config FILE\] \[--check\]/);
});

test('--check refuses what it once accepted: an empty broker list, a node that is no URL, ports out of range', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logpipe-cli-'));
  const agentIni = join(dir, 'logagent.ini');
  writeFileSync(agentIni, '[kafka]\nbrokers =\n[etcd]\nendpoints = 127.0.0.1:2379\n');
  const agent = run('logagent', ['--check', '--config', agentIni]);
  assert.equal(agent.status, 2, agent.stdout);
  assert.match(agent.stderr, /invalid configuration \(2 problems\)/);
  assert.ok(agent.stderr.includes(`${agentIni}: [kafka] brokers = "": is empty: must be a comma-separated list of addresses host:port`), agent.stderr);
  assert.ok(agent.stderr.includes('remove the line to use the default (127.0.0.1:9092)'), agent.stderr);
  assert.ok(agent.stderr.includes(`${agentIni}: [etcd] endpoints = "127.0.0.1:2379": must be a list of http:// or https:// URLs`), agent.stderr);

  const transferIni = join(dir, 'logtransfer.ini');
  writeFileSync(transferIni, '[kafka]\ntopics = app_log\nbrokers = kafka:70000\n[elasticsearch]\nnodes = not-a-url\n');
  const transfer = run('logtransfer', ['--check', '--config', transferIni], { LOGTRANSFER_ELASTICSEARCH_REQUEST_TIMEOUT: '' });
  assert.equal(transfer.status, 2, transfer.stdout);
  assert.match(transfer.stderr, /invalid configuration \(3 problems\)/);
  assert.ok(transfer.stderr.includes(`${transferIni}: [kafka] brokers = "kafka:70000": must be a list of addresses host:port, with a port from 1 to 65535 (IPv6 in brackets: [::1]:9092); not valid: "kafka:70000" (port 70000 is out of range)`), transfer.stderr);
  assert.ok(transfer.stderr.includes(`${transferIni}: [elasticsearch] nodes = "not-a-url": must be a list of http:// or https:// URLs of a host, with an optional port from 1 to 65535; not valid: "not-a-url" (not a URL)`), transfer.stderr);
  assert.ok(transfer.stderr.includes('env LOGTRANSFER_ELASTICSEARCH_REQUEST_TIMEOUT: [elasticsearch] request_timeout = "": is empty: must be a duration from 100ms to 24d; unset the variable to use the default (30s)'), transfer.stderr);
});

test('logctl refuses bad server flags and variables before connecting (exit 2)', () => {
  const brokers = run('logctl', ['status', '--brokers', 'kafka']);
  assert.equal(brokers.status, 2);
  assert.equal(brokers.stderr, 'logctl: --brokers "kafka": must be addresses host:port, with a port from 1 to 65535 (IPv6 in brackets: [::1]:9092); not valid: "kafka" (the port is missing)\n');
  const es = run('logctl', ['query', 'x'], { LOGCTL_ELASTICSEARCH_NODES: 'es-1:9200' });
  assert.equal(es.status, 2);
  assert.match(es.stderr, /^logctl: LOGCTL_ELASTICSEARCH_NODES "es-1:9200": .*"es-1:9200" \(the scheme is missing: write http:\/\/es-1:9200\)\n$/);
  const empty = run('logctl', ['agents', '--etcd', '']);
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /agents: --etcd is empty/);
});
