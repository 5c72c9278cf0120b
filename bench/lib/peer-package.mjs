// A package a benchmark compares against but the project does not depend on (kafkajs, since the
// project moved to @platformatic/kafka): installed on first use into the download cache, outside
// the repository and its package-lock.json, and loaded from there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function peerPackage(name, version) {
  const cache = process.env.LOGPIPE_CACHE_DIR || join(homedir(), '.cache', 'logpipe');
  const dir = join(cache, 'bench-packages', `${name.replace('/', '+')}-${version}`);
  if (!existsSync(join(dir, 'node_modules', name, 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    console.error(`installing ${name}@${version} into ${dir} (for comparison only)`);
    execFileSync('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${name}@${version}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return createRequire(join(dir, 'package.json'))(name);
}
