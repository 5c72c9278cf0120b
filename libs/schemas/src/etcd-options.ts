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
