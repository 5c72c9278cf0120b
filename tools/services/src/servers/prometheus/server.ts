import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prometheusPath } from '../../binaries.js';
import { answersOk } from '../../http-probe.js';
import { outputLogOf } from '../../lifecycle/runtime-files.js';
import { repoRoot } from '../../paths.js';
import type { ServerDefinition } from '../../server-definition.js';
import { prometheusYml, SCRAPE_JOBS } from './config.js';
import { scrapeTargetsDir } from './scrape-targets.js';

const dataDirOf = (dir: string): string => join(dir, 'data');

/** Alert rules are another issue's; load them when the folder exists. */
export function repoRuleFiles(): string | undefined {
  const dir = join(repoRoot(), 'config', 'prometheus', 'rules');
  return existsSync(dir) ? join(dir, '*.yml') : undefined;
}

export const prometheus: ServerDefinition = {
  name: 'prometheus',
  dirName: () => 'prometheus',
  release: () => undefined,
  ports: ['prometheus'],
  endpoint: (settings) => `http://127.0.0.1:${settings.ports.prometheus}`,
  signature: (dir) => [`--storage.tsdb.path=${dataDirOf(dir)}`],
  startTimeoutMs: 30_000,
  logFiles: (dir) => [outputLogOf(dir)],
  healthy: (settings) => answersOk(`http://127.0.0.1:${settings.ports.prometheus}/-/ready`),

  async prepare(ctx) {
    const binary = await prometheusPath(ctx.env);
    const targetsDir = scrapeTargetsDir();
    for (const job of SCRAPE_JOBS) await mkdir(join(targetsDir, job), { recursive: true });
    await mkdir(dataDirOf(ctx.dir), { recursive: true });
    const configFile = join(ctx.dir, 'prometheus.yml');
    await writeFile(configFile, prometheusYml({ targetsDir, ruleFiles: repoRuleFiles() }));
    return {
      command: binary,
      args: [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDirOf(ctx.dir)}`,
        // Local history only matters for the current test run; keep the disk use small.
        '--storage.tsdb.retention.time=2d',
        `--web.listen-address=127.0.0.1:${ctx.settings.ports.prometheus}`,
        // POST /-/reload lets tests apply new rule files without a restart.
        '--web.enable-lifecycle',
      ],
      env: ctx.env,
    };
  },
};
