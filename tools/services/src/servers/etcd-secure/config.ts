import type { Ports } from '../../ports.js';
import type { TestPki } from '../../pki/test-pki.js';
import { etcdArgs } from '../etcd/config.js';

/**
 * The plain etcd's flags with the client URL on https and mutual TLS: only certificates the test
 * CA signed get in, and with auth on, a client that sends no password is the user its
 * certificate's CN names. Peers stay on plain http: one member on loopback has no peer traffic
 * worth securing, and peer TLS would need certificates of its own.
 */
export function etcdSecureArgs(ports: { client: number; peer: number }, dataDir: string, pki: Pick<TestPki, 'caCert' | 'identities'>): string[] {
  const client = `https://127.0.0.1:${ports.client}`;
  const plain = etcdArgs({ etcd: ports.client, etcdPeer: ports.peer } satisfies Pick<Ports, 'etcd' | 'etcdPeer'>, dataDir);
  return [
    ...plain.map((arg) => arg.replace(`http://127.0.0.1:${ports.client}`, client)),
    `--cert-file=${pki.identities.server.cert}`,
    `--key-file=${pki.identities.server.key}`,
    `--trusted-ca-file=${pki.caCert}`,
    '--client-cert-auth',
  ];
}
