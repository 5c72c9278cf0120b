import { join } from 'node:path';
import { ensureDebianPackage } from './downloads/debian.js';
import { cacheDir } from './paths.js';

/**
 * Paths to the Debian-packaged binaries, downloaded and unpacked into the cache on first use.
 * Exported so tests can run `promtool check rules` or `etcdctl` without anything installed.
 */
async function packagedBinary(pkg: string, binary: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { root } = await ensureDebianPackage(pkg, cacheDir(env));
  return join(root, 'usr', 'bin', binary);
}

export const etcdPath = (env = process.env): Promise<string> => packagedBinary('etcd-server', 'etcd', env);
/** Needs `ETCDCTL_API=3` in its environment on etcd 3.4. */
export const etcdctlPath = (env = process.env): Promise<string> => packagedBinary('etcd-client', 'etcdctl', env);
export const prometheusPath = (env = process.env): Promise<string> => packagedBinary('prometheus', 'prometheus', env);
export const promtoolPath = (env = process.env): Promise<string> => packagedBinary('prometheus', 'promtool', env);
