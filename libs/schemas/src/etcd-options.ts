import { readFileSync } from 'node:fs';
import type { IOptions } from 'etcd3';

export interface EtcdSection {
  endpoints: string[];
  username?: string | undefined;
  password?: string | undefined;
  ca_file?: string | undefined;
  cert_file?: string | undefined;
  key_file?: string | undefined;
  dial_timeout: number;
}

/** etcd3 client options from the `[etcd]` section: endpoints, auth and TLS. */
export function etcdOptions(e: EtcdSection): IOptions {
  return {
    hosts: e.endpoints,
    dialTimeout: e.dial_timeout,
    ...(e.username ? { auth: { username: e.username, password: e.password ?? '' } } : {}),
    ...(e.ca_file || e.cert_file
      ? {
          credentials: {
            // Without a CA of its own, grpc verifies etcd with the system's CAs.
            rootCertificate: (e.ca_file ? readFileSync(e.ca_file) : undefined) as Buffer,
            ...(e.cert_file ? { certChain: readFileSync(e.cert_file) } : {}),
            ...(e.key_file ? { privateKey: readFileSync(e.key_file) } : {}),
          },
        }
      : {}),
  };
}

/**
 * What an etcd refusal may say about these settings (endpoints, user, TLS file names) and the TLS
 * material to diagnose a handshake with; `section` names where they live, e.g. `[etcd] of
 * /etc/logagent/logagent.ini`. The password stays out.
 */
export function etcdAccess(e: EtcdSection, section: string) {
  const https = e.endpoints.some((url) => url.startsWith('https://'));
  return {
    endpoints: e.endpoints,
    username: e.username || undefined,
    section,
    tls: https
      ? {
          ca: e.ca_file ? readFileSync(e.ca_file) : undefined,
          cert: e.cert_file ? readFileSync(e.cert_file) : undefined,
          key: e.key_file ? readFileSync(e.key_file) : undefined,
          caFile: e.ca_file,
          certFile: e.cert_file,
        }
      : undefined,
  };
}
