import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@logpipe/services';

/** Runs `node apps/<app>/dist/main.js ...args` to its end; everything it printed, with its exit code. */
export function cliOutput(app: 'logagent' | 'logtransfer' | 'logctl', args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(repoRoot(), 'apps', app, 'dist', 'main.js'), ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
