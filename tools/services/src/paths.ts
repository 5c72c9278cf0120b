import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module whose package.json declares npm
 * workspaces. Found by walking up rather than by a fixed `../..`, so it survives moving files
 * between src/ and dist/.
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json with "workspaces" above ${fileURLToPath(import.meta.url)}; is @logpipe/services inside the logpipe repository?`);
    dir = parent;
  }
}

/**
 * Where downloads (Maven jars, the Elasticsearch zip, Debian packages) are kept. Outside the repo
 * so that `git clean`, a fresh clone or `services clean` never re-downloads 200 MB.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOGPIPE_CACHE_DIR) return env.LOGPIPE_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'logpipe');
}

/**
 * Data dirs, logs, pid files and generated configs of the servers: `<repo>/.run/services`
 * (git-ignored), or LOGPIPE_RUN_DIR.
 */
export function runtimeDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LOGPIPE_RUN_DIR || join(repoRoot(), '.run', 'services');
}

/** One server's folder; `name` is its definition's `dirName` (`kafka-4.4.0`, `etcd`). */
export function serverDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), name);
}
