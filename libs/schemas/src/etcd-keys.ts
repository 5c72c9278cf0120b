import { bothOrNeither, type KeySpec, type SectionRule } from '@logpipe/config';

/**
 * The `[etcd]` keys both daemons share: where etcd is and how to authenticate. Each app adds its
 * own keys (prefix, timeouts) next to these in its schema.
 */
export function etcdConnectionKeys() {
  return {
    endpoints: {
      type: 'list',
      default: ['http://127.0.0.1:2379'],
      items: { kind: 'url', schemes: ['http', 'https'] },
      description: 'etcd client URLs; https:// ones are verified with `ca_file`.',
      example: 'http://10.0.0.5:2379, http://10.0.0.6:2379',
    },
    username: { type: 'string', description: 'etcd user, when etcd auth is on.' },
    password: { type: 'string', secret: true, description: 'Password of the etcd user.' },
    ca_file: { type: 'string', file: true, description: 'PEM CA bundle to verify etcd over TLS (use https:// endpoints); without it, the system\'s CAs verify etcd.' },
    cert_file: { type: 'string', file: true, description: 'PEM client certificate for etcd mutual TLS.' },
    key_file: { type: 'string', file: true, description: 'PEM client key for etcd mutual TLS.' },
    dial_timeout: { type: 'duration', default: '3s', min: '100ms', description: 'How long a connection attempt to etcd may take.' },
  } as const satisfies Record<string, KeySpec>;
}

/** What the etcd keys must agree on: a user with a password, TLS files with https endpoints. */
export const etcdConnectionRules: readonly SectionRule[] = [
  bothOrNeither('username', 'password', 'etcd authenticates a user with a password'),
  bothOrNeither('cert_file', 'key_file', 'a client certificate is sent with its private key'),
  (v) => {
    const endpoints = v.endpoints as string[];
    const https = endpoints.filter((url) => url.startsWith('https://')).length;
    if (https > 0 && https < endpoints.length) return { key: 'endpoints', message: 'mix http:// and https://; one cluster is reached one way: use https:// for every endpoint, or http:// for every one' };
    const tlsFile = ['ca_file', 'cert_file'].find((key) => v[key] !== undefined);
    if (https === 0 && tlsFile) return { key: 'endpoints', message: `are http://, so ${tlsFile} would be ignored; use https:// URLs for TLS, or remove ${tlsFile}` };
    return undefined;
  },
];
