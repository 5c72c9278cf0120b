import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverDir } from '../../paths.js';
import { ensureTestPki, type TestPki } from '../../pki/test-pki.js';
import { readSettings } from '../../settings.js';

export const ETCD_SECURE_DIR = 'etcd-secure';
export const ETCD_ROOT_USER = 'root';

/** What a client needs to reach the secured etcd as its root user, and the PKI to make others. */
export interface EtcdSecureAccess {
  endpoint: string;
  pki: TestPki;
  root: { username: string; password: string; cert: string; key: string };
}

const passwordFileOf = (dir: string): string => join(dir, 'root-password');

/**
 * The root password, made once per data dir: random, so no password of a test server is ever
 * in the repository, and kept beside the data (mode 0600) because the data keeps its hash.
 */
export async function ensureRootPassword(dir: string): Promise<string> {
  const file = passwordFileOf(dir);
  if (!existsSync(file)) await writeFile(file, randomBytes(18).toString('base64url'), { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  return (await readFile(file, 'utf8')).trim();
}

export function etcdSecureEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return `https://127.0.0.1:${readSettings(env).ports.etcdSecure}`;
}

/** For tests and humans once `up etcd-secure` has run: the endpoint, the CA, root's password and certificate. */
export async function etcdSecureAccess(env: NodeJS.ProcessEnv = process.env): Promise<EtcdSecureAccess> {
  const pki = await ensureTestPki(env);
  const password = await ensureRootPassword(serverDir(ETCD_SECURE_DIR, env));
  return { endpoint: etcdSecureEndpoint(env), pki, root: { username: ETCD_ROOT_USER, password, ...pki.identities.root } };
}
