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
      description: 'etcd client URLs; https:// ones are verified with `ca_file`. A secured etcd: docs/security/etcd.md.',
      example: 'http://10.0.0.5:2379, http://10.0.0.6:2379',
    },
    username: {
      type: 'string',
      description:
        "etcd user, when etcd auth is on; its role needs the permissions docs/security/etcd.md lists. Without it, an etcd run with `--client-cert-auth` takes the CN of `cert_file`'s certificate as the user, with no password.",
    },
    password: {
      type: 'string',
      secret: true,
      description: 'Password of `username`; never logged. The environment variable (`LOGAGENT_ETCD_PASSWORD`, `LOGTRANSFER_ETCD_PASSWORD`) keeps it out of the file.',
    },
    ca_file: { type: 'string', file: true, description: "PEM CA bundle that signed etcd's server certificate (use https:// endpoints); without it, the system's CAs verify etcd." },
    cert_file: {
      type: 'string',
      file: true,
      description: "PEM client certificate for etcd mutual TLS (etcd's `--client-cert-auth`): it must be signed by a CA in etcd's `--trusted-ca-file`.",
    },
    key_file: { type: 'string', file: true, description: 'PEM private key of `cert_file`, unencrypted; its contents are never logged.' },
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
