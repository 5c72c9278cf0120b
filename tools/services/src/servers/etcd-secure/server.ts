import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { etcdctlPath, etcdPath } from '../../binaries.js';
import { outputLogOf } from '../../lifecycle/runtime-files.js';
import { ensureTestPki, testPkiPaths, pkiDir } from '../../pki/test-pki.js';
import type { ServerDefinition } from '../../server-definition.js';
import { withoutEtcdVariables } from '../etcd/config.js';
import { ensureRootPassword, ETCD_SECURE_DIR } from './access.js';
import { etcdSecureArgs } from './config.js';
import { etcdctlAsRoot } from './etcdctl-as-root.js';
import { ensureRootAndAuth } from './root-user.js';

const dataDirOf = (dir: string): string => join(dir, 'data');

/**
 * The Debian etcd 3.4 with client TLS, client-certificate auth and etcd auth on (root user with
 * a generated password, see access.ts). Tests make their own users and roles as root.
 */
export const etcdSecure: ServerDefinition = {
  name: 'etcd-secure',
  dirName: () => ETCD_SECURE_DIR,
  release: () => undefined,
  ports: ['etcdSecure', 'etcdSecurePeer'],
  endpoint: (settings) => `https://127.0.0.1:${settings.ports.etcdSecure}`,
  signature: (dir) => [`--data-dir=${dataDirOf(dir)}`],
  startTimeoutMs: 30_000,
  logFiles: (dir) => [outputLogOf(dir)],

  // gRPC through etcdctl, with root's certificate: `endpoint health` commits a read through raft,
  // and root's CN makes it root once auth is on, so the probe answers the same before and after.
  // The probe only gets the settings, so the PKI is found where this process's environment puts it.
  async healthy(settings) {
    try {
      // It exits 0 only when healthy (and prints the verdict on stderr).
      await etcdctlAsRoot(`https://127.0.0.1:${settings.ports.etcdSecure}`, testPkiPaths(pkiDir(process.env)), ['endpoint', 'health'], process.env);
      return true;
    } catch {
      return false;
    }
  },

  async prepare(ctx) {
    const [binary, , pki] = await Promise.all([etcdPath(ctx.env), etcdctlPath(ctx.env), ensureTestPki(ctx.env)]);
    await mkdir(ctx.dir, { recursive: true });
    await ensureRootPassword(ctx.dir);
    const ports = { client: ctx.settings.ports.etcdSecure, peer: ctx.settings.ports.etcdSecurePeer };
    return { command: binary, args: etcdSecureArgs(ports, dataDirOf(ctx.dir), pki), env: withoutEtcdVariables(ctx.env) };
  },

  async setUp(ctx) {
    const pki = await ensureTestPki(ctx.env);
    await ensureRootAndAuth(this.endpoint(ctx.settings), pki, await ensureRootPassword(ctx.dir), ctx.env);
  },
};
