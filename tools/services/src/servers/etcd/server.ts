import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { etcdctlPath, etcdPath } from '../../binaries.js';
import { getJson } from '../../http-probe.js';
import { outputLogOf } from '../../lifecycle/runtime-files.js';
import type { ServerDefinition } from '../../server-definition.js';
import { etcdArgs, withoutEtcdVariables } from './config.js';

const dataDirOf = (dir: string): string => join(dir, 'data');

export const etcd: ServerDefinition = {
  name: 'etcd',
  dirName: () => 'etcd',
  release: () => undefined,
  ports: ['etcd', 'etcdPeer'],
  endpoint: (settings) => `http://127.0.0.1:${settings.ports.etcd}`,
  signature: (dir) => [`--data-dir=${dataDirOf(dir)}`],
  startTimeoutMs: 30_000,
  logFiles: (dir) => [outputLogOf(dir)],

  // /health answers {"health":"true"} only once the member has a leader and serves reads.
  async healthy(settings) {
    const body = (await getJson(`http://127.0.0.1:${settings.ports.etcd}/health`)) as { health?: string } | undefined;
    return body?.health === 'true';
  },

  async prepare(ctx) {
    // etcdctl too, so tests and humans have it once `up` has run, even offline.
    const [binary] = await Promise.all([etcdPath(ctx.env), etcdctlPath(ctx.env)]);
    // Only the parent: etcd creates the data dir itself with 0700 and warns about any looser one.
    await mkdir(ctx.dir, { recursive: true });
    return { command: binary, args: etcdArgs(ctx.settings.ports, dataDirOf(ctx.dir)), env: withoutEtcdVariables(ctx.env) };
  },
};
