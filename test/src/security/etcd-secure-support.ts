import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Etcd3, Range, type IOptions } from 'etcd3';
import { etcdSecureAccess, startServers, type EtcdSecureAccess, type PkiIdentity } from '@logpipe/services';

/**
 * The secured etcd (started once if it is not running) and what tests do there as root: make
 * users with roles scoped to a test's own prefix, and remove them afterwards. Every name is the
 * test's own, so files running in parallel never share a user or a role.
 */
export async function secureEtcd(): Promise<EtcdSecureAccess> {
  await startServers(['etcd-secure']);
  return etcdSecureAccess();
}

/** etcd3 options with the test CA, a client certificate, and (unless undefined) a user and password. */
export function clientOptions(access: EtcdSecureAccess, identity: PkiIdentity, user?: { username: string; password: string }): IOptions {
  const pair = access.pki.identities[identity];
  return {
    hosts: [access.endpoint],
    dialTimeout: 3000,
    credentials: { rootCertificate: readFileSync(access.pki.caCert), certChain: readFileSync(pair.cert), privateKey: readFileSync(pair.key) },
    ...(user ? { auth: user } : {}),
  };
}

export const rootClient = (access: EtcdSecureAccess): Etcd3 => new Etcd3(clientOptions(access, 'root', { username: access.root.username, password: access.root.password }));

/** A permission on a prefix (`/p/a/`) or on one key (`/p/a/status`), as etcdctl's `--prefix` or not. */
export type Grant = { permission: 'Read' | 'Write' | 'Readwrite'; prefix: string } | { permission: 'Read' | 'Write' | 'Readwrite'; key: string };

/** The agent's role: read its own prefix and `_all`, write only its status key (docs/security/etcd.md). */
export const agentGrants = (prefix: string, agent: string): Grant[] => [
  { permission: 'Read', prefix: `${prefix}/${agent}/` },
  { permission: 'Read', prefix: `${prefix}/_all/` },
  { permission: 'Write', key: `${prefix}/${agent}/status` },
];

/** logctl's operator role: the agents' targets and status, the transfer's routes, its live workers. */
export const operatorGrants = (prefix: string, transferPrefix: string): Grant[] => [
  { permission: 'Readwrite', prefix: `${prefix}/` },
  { permission: 'Readwrite', prefix: `${transferPrefix}/routes/` },
  { permission: 'Read', prefix: `${transferPrefix}/workers/` },
];

export interface TestUser {
  username: string;
  password: string;
  role: string;
}

/** A user with a random password and one role of its own, empty until `grant`. */
export async function createUser(root: Etcd3, username: string): Promise<TestUser> {
  const role = `${username}-role`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  await root.role(role).create();
  await root.user(username).create(password);
  await root.user(username).addRole(role);
  return { username, password, role };
}

export async function grant(root: Etcd3, user: TestUser, grants: readonly Grant[]): Promise<void> {
  for (const g of grants) {
    // One key is the range [key, key + "\0"): etcd3's range() takes no lone key.
    const range = 'prefix' in g ? Range.prefix(g.prefix) : new Range(g.key, `${g.key}\0`);
    await root.role(user.role).grant({ permission: g.permission, range });
  }
}

export async function removeUser(root: Etcd3, user: TestUser): Promise<void> {
  await root.user(user.username).delete().catch(() => undefined);
  await root.role(user.role).delete().catch(() => undefined);
}

/**
 * The `[etcd]` TLS and auth lines for the secured etcd (the fixture adds endpoints and prefix):
 * the test CA (or `caFile`), `identity`'s client certificate, and the user when given.
 */
export function etcdTlsIni(access: EtcdSecureAccess, identity: PkiIdentity | 'stranger', user?: { username: string; password: string }, caFile = access.pki.caCert): string[] {
  const pair = identity === 'stranger' ? access.pki.stranger : access.pki.identities[identity];
  return [`ca_file = ${caFile}`, `cert_file = ${pair.cert}`, `key_file = ${pair.key}`, ...(user ? [`username = ${user.username}`, `password = ${user.password}`] : [])];
}

/** A logctl INI (logagent's format, read with --agent-config) holding only `[etcd]`. */
export function logctlIni(access: EtcdSecureAccess, prefix: string, identity: PkiIdentity, user?: { username: string; password: string }): string {
  return ['[etcd]', `endpoints = ${access.endpoint}`, `prefix = ${prefix}`, ...etcdTlsIni(access, identity, user), ''].join('\n');
}

/** The secrets a secured run used, for the grep of its logs: passwords and private keys' contents. */
export function secretsOf(access: EtcdSecureAccess, passwords: readonly string[]): string[] {
  const keys = Object.values(access.pki.identities).map((pair) => readFileSync(pair.key, 'utf8'));
  // The base64 body of each key, line by line: a fragment logged alone is a leak too.
  const keyLines = keys.flatMap((pem) => pem.split('\n').filter((line) => line.length > 40 && !line.startsWith('-----')));
  return [...passwords, access.root.password, ...keyLines];
}
