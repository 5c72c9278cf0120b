import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withLock } from '../lock.js';
import { runtimeDir } from '../paths.js';
import { runCommand } from '../run-command.js';

/**
 * Who gets a certificate. `server` is every secured server on 127.0.0.1 (brokers, etcd,
 * Elasticsearch); the others are clients, their common name being the principal the servers
 * see (Kafka's `User:CN=logagent`, etcd's user `logagent`).
 */
export const PKI_IDENTITIES = ['server', 'admin', 'root', 'logagent', 'logtransfer', 'logctl'] as const;
export type PkiIdentity = (typeof PKI_IDENTITIES)[number];

export interface KeyPair {
  cert: string;
  key: string;
}

/** Paths of the PEM files, all under one folder of the run dir; nothing is ever committed. */
export interface TestPki {
  dir: string;
  /** The CA every secured server and client trusts. */
  caCert: string;
  identities: Record<PkiIdentity, KeyPair>;
  /** A client signed by a CA nobody trusts: what an "untrusted certificate" test presents. */
  stranger: KeyPair & { caCert: string };
}

const DAYS = 825;
const OPENSSL_HINT = 'install OpenSSL: apt-get install openssl';

export function pkiDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(runtimeDir(env), 'pki');
}

/** Where the files are (or will be), without creating anything. */
export function testPkiPaths(dir: string): TestPki {
  const pair = (name: string): KeyPair => ({ cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) });
  const identities = Object.fromEntries(PKI_IDENTITIES.map((name) => [name, pair(name)])) as Record<PkiIdentity, KeyPair>;
  return { dir, caCert: join(dir, 'ca.crt'), identities, stranger: { ...pair('stranger'), caCert: join(dir, 'stranger-ca.crt') } };
}

/**
 * Makes the test CA and one certificate per identity with openssl, once: a later call finds the
 * files and returns at once. A lock keeps parallel test files from generating two CAs whose
 * certificates would not verify against each other. Keys are unencrypted PKCS#8 PEM, which Kafka
 * (PEM key stores), etcd, Elasticsearch and Node all read.
 */
export async function ensureTestPki(env: NodeJS.ProcessEnv = process.env): Promise<TestPki> {
  const dir = pkiDir(env);
  const paths = testPkiPaths(dir);
  const complete = (): boolean => [paths.caCert, paths.stranger.cert, ...Object.values(paths.identities).map((p) => p.cert)].every((f) => existsSync(f));
  if (complete()) return paths;
  await mkdir(dir, { recursive: true });
  await withLock(join(dir, '.lock'), { what: 'generating the test certificates', timeoutMs: 120_000 }, async () => {
    if (complete()) return;
    const ca = { cert: paths.caCert, key: join(dir, 'ca.key') };
    await selfSignedCa(ca, 'logpipe test CA', env);
    for (const name of PKI_IDENTITIES) await signedCertificate(paths.identities[name], name === 'server' ? 'localhost' : name, ca, dir, env);
    const strangerCa = { cert: paths.stranger.caCert, key: join(dir, 'stranger-ca.key') };
    await selfSignedCa(strangerCa, 'untrusted test CA', env);
    await signedCertificate(paths.stranger, 'logagent', strangerCa, dir, env);
  });
  return paths;
}

async function selfSignedCa(ca: KeyPair, commonName: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runCommand('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca.key, '-out', ca.cert, '-days', String(DAYS), '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], { env, missingHint: OPENSSL_HINT });
}

/**
 * Every certificate is good for both ends of TLS: brokers and Elasticsearch nodes are each
 * other's clients, and one SAN list (localhost, 127.0.0.1) suits every server here.
 */
async function signedCertificate(pair: KeyPair, commonName: string, ca: KeyPair, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const request = join(dir, `${commonName}-${Date.now()}.csr`);
  const extensions = join(dir, `${commonName}-${Date.now()}.ext`);
  await writeFile(extensions, ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1', ''].join('\n'));
  try {
    await runCommand('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', pair.key, '-out', request, '-subj', `/CN=${commonName}`], { env, missingHint: OPENSSL_HINT });
    await runCommand('openssl', ['x509', '-req', '-in', request, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', pair.cert, '-days', String(DAYS), '-extfile', extensions], { env, missingHint: OPENSSL_HINT });
  } finally {
    await rm(request, { force: true });
    await rm(extensions, { force: true });
  }
}
