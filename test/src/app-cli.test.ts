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
    // logtransfer has one more: its required [kafka] topics is missing from the file.
    assert.match(result.stderr, new RegExp(`invalid configuration \\(${app === 'logtransfer' ? 5 : 4} problems\\)`));
    if (app === 'logtransfer') assert.match(result.stderr, /\[kafka\] topics: is required/);
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
