import type { Ports } from '../../ports.js';

/**
 * Flags for a one-member etcd cluster on loopback. `--flag=value` form, so the data dir is one
 * whole argument that the pid check can look for.
 */
export function etcdArgs(ports: Pick<Ports, 'etcd' | 'etcdPeer'>, dataDir: string): string[] {
  const client = `http://127.0.0.1:${ports.etcd}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    '--name=logpipe',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=logpipe=${peer}`,
    // 3.4's default logger (capnslog) is deprecated and warns about it on every start.
    '--logger=zap',
    '--log-outputs=stderr',
  ];
}

/** etcd reads every ETCD_* variable as a flag; a developer's own settings must not leak in. */
export function withoutEtcdVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ETCD_')));
}
