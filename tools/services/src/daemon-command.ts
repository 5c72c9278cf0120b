import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * How a daemon of this repository is started: `node [flags] apps/<app>/dist/main.js`, with the
 * flags of `apps/<app>/node-flags` (one or more per line; none when the file is absent). The
 * image's entry point reads the same file, so tests, benchmarks and the demo run each daemon
 * exactly as the image does.
 */
export function daemonCommand(app: 'logagent' | 'logtransfer'): { nodeFlags: string[]; main: string } {
  const flagsFile = join(repoRoot(), 'apps', app, 'node-flags');
  const nodeFlags = existsSync(flagsFile) ? readFileSync(flagsFile, 'utf8').split(/\s+/).filter(Boolean) : [];
  return { nodeFlags, main: join(repoRoot(), 'apps', app, 'dist', 'main.js') };
}
