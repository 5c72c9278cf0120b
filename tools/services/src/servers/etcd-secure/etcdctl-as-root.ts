import { etcdctlPath } from '../../binaries.js';
import type { TestPki } from '../../pki/test-pki.js';
import { CommandError, runCommand } from '../../run-command.js';

/** A failed etcdctl call, its command line without passwords (a failed `up` prints it). */
export class EtcdctlError extends Error {
  override readonly name = 'EtcdctlError';
  constructor(
    args: readonly string[],
    readonly output: string,
  ) {
    super(`etcdctl ${args.map((arg) => arg.replace(/^(--new-user-password=|--user=[^:]*:).*/, '$1***')).join(' ')} failed:\n${output.split('\n').slice(-10).join('\n')}`);
  }
}

/**
 * Runs etcdctl (API v3) against the secured etcd with root's client certificate and no password:
 * before auth is on any trusted certificate may do anything, and after it etcd 3.4 takes the
 * certificate's CN (`root`) as the user. So one call works in both states, and setting auth up
 * again is harmless.
 */
export async function etcdctlAsRoot(endpoint: string, pki: Pick<TestPki, 'caCert' | 'identities'>, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const binary = await etcdctlPath(env);
  // ETCD_* and ETCDCTL_* would override the flags (a developer's own ETCDCTL_ENDPOINTS, say).
  const cleanEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('ETCD')));
  try {
    const { stdout } = await runCommand(
      binary,
      [`--endpoints=${endpoint}`, `--cacert=${pki.caCert}`, `--cert=${pki.identities.root.cert}`, `--key=${pki.identities.root.key}`, '--dial-timeout=2s', '--command-timeout=5s', ...args],
      { env: { ...cleanEnv, ETCDCTL_API: '3' }, timeoutMs: 15_000 },
    );
    return stdout;
  } catch (err) {
    // CommandError's message has the whole command line, passwords included.
    if (err instanceof CommandError) throw new EtcdctlError(args, err.output);
    throw err;
  }
}

/** True when etcdctl failed with this server error (`etcdserver: user name not found`). */
export function failedWith(err: unknown, serverMessage: string): boolean {
  return err instanceof EtcdctlError && err.output.includes(serverMessage);
}
