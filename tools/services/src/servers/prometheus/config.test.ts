import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { promtoolPath } from '../../binaries.js';
import { prometheusYml } from './config.js';

const run = promisify(execFile);

test('each job discovers its targets from its own folder of JSON files', () => {
  const yml = prometheusYml({ targetsDir: '/run/prometheus/targets' });
  assert.match(yml, /^ {2}scrape_interval: 5s$/m);
  assert.match(yml, /- job_name: "logagent"\n {4}file_sd_configs:\n {6}- files: \["\/run\/prometheus\/targets\/logagent\/\*\.json"\]\n {8}refresh_interval: 5s/);
  assert.match(yml, /- job_name: "logtransfer"\n {4}file_sd_configs:\n {6}- files: \["\/run\/prometheus\/targets\/logtransfer\/\*\.json"\]/);
  assert.doesNotMatch(yml, /rule_files/);
});

// The real check: the Prometheus we run accepts the file, including the rules it points at.
test('promtool accepts the generated config and loads the rule files it names', { timeout: 120_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'services-prometheus-'));
  await mkdir(join(dir, 'rules'));
  await writeFile(
    join(dir, 'rules', 'logpipe.yml'),
    ['groups:', '  - name: test', '    rules:', '      - alert: AlwaysFiring', '        expr: vector(1)', ''].join('\n'),
  );
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, prometheusYml({ targetsDir: join(dir, 'targets'), ruleFiles: join(dir, 'rules', '*.yml') }));

  const { stdout, stderr } = await run(await promtoolPath(), ['check', 'config', configFile]);
  const output = stdout + stderr;
  assert.match(output, /SUCCESS: .*prometheus\.yml is valid prometheus config file syntax/);
  assert.match(output, /SUCCESS: 1 rules found/);
});
