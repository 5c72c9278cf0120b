import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ServicesError } from '../errors.js';
import { CommandError, runCommand } from '../run-command.js';
import { ensureCacheEntry } from './cache-entry.js';

/**
 * etcd and Prometheus come from the distribution's own packages, unpacked into the cache rather
 * than installed: no root needed after the download, no system service started, and the binaries
 * only need libc. `apt-get download` fetches the .deb without installing it.
 */
export interface UnpackedPackage {
  name: string;
  version: string;
  /** The unpacked tree; binaries are under `usr/bin/`. */
  root: string;
}

const unpacked = new Map<string, Promise<UnpackedPackage>>();

export function ensureDebianPackage(name: string, cache: string): Promise<UnpackedPackage> {
  let pending = unpacked.get(name);
  if (!pending) {
    pending = unpack(name, cache);
    pending.catch(() => unpacked.delete(name));
    unpacked.set(name, pending);
  }
  return pending;
}

async function unpack(name: string, cache: string): Promise<UnpackedPackage> {
  const deb = await ensureDeb(name, join(cache, 'debs'));
  const version = debVersion(deb);
  const root = await ensureCacheEntry(join(cache, `${name}-${version}`), async (staging) => {
    await runCommand('dpkg-deb', ['-x', deb, staging], { missingHint: 'dpkg-deb ships with Debian and Ubuntu; this harness needs one of them' });
  });
  return { name, version, root };
}

/** `etcd-server_3.4.23-4+b4_amd64.deb` -> `3.4.23-4+b4` (apt writes an epoch's colon as %3a). */
export function debVersion(debFile: string): string {
  const base = debFile.slice(debFile.lastIndexOf('/') + 1);
  const match = /^[^_]+_([^_]+)_[^_]+\.deb$/.exec(base);
  if (!match) throw new Error(`unexpected .deb file name ${base}: expected <name>_<version>_<arch>.deb`);
  return decodeURIComponent(match[1]!);
}

async function ensureDeb(name: string, debsDir: string): Promise<string> {
  await mkdir(debsDir, { recursive: true });
  const existing = await findDeb(name, debsDir);
  if (existing) return existing;
  // Download into a private folder first: a half-written .deb in debs/ would be picked up later.
  const staging = await mkdtemp(join(debsDir, `.download-${name}-`));
  try {
    await aptDownload(name, staging);
    const file = await findDeb(name, staging);
    if (!file) throw new Error(`apt-get download ${name} succeeded but left no ${name}_*.deb in ${staging}`);
    const target = join(debsDir, file.slice(staging.length + 1));
    await rename(file, target);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function findDeb(name: string, dir: string): Promise<string | undefined> {
  const files = (await readdir(dir)).filter((f) => f.startsWith(`${name}_`) && f.endsWith('.deb')).sort();
  return files.length > 0 ? join(dir, files.at(-1)!) : undefined;
}

// apt takes locks on its lists; one apt-get at a time, and `apt-get update` at most once a run.
let aptQueue: Promise<unknown> = Promise.resolve();
let updated: Promise<unknown> | undefined;

function apt(args: string[], cwd: string): Promise<unknown> {
  const run = aptQueue.then(() => runCommand('apt-get', args, { cwd, missingHint: 'this harness needs a Debian or Ubuntu machine (apt-get and dpkg-deb)' }));
  aptQueue = run.catch(() => undefined);
  return run;
}

async function aptDownload(name: string, dir: string): Promise<void> {
  try {
    await apt(['download', name], dir);
    return;
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
    // A fresh machine or container often has empty package lists, so apt does not know the package.
    if (process.getuid?.() !== 0) {
      throw new ServicesError(
        `apt-get download ${name} failed; the package lists are probably empty or stale. Run \`sudo apt-get update\` and try again.\n${err.message}`,
      );
    }
  }
  updated ??= apt(['update', '-q'], dir);
  await updated;
  await apt(['download', name], dir);
}
