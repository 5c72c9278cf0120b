import type { TestPki } from '../../pki/test-pki.js';
import { ETCD_ROOT_USER } from './access.js';
import { etcdctlAsRoot, failedWith } from './etcdctl-as-root.js';

/**
 * Makes sure the root user exists with the root role and auth is on. Every step is idempotent:
 * a second `up`, or one interrupted between steps, finishes the job without an error. The
 * password is only set when root is created, so a running test's root session stays valid.
 */
export async function ensureRootAndAuth(endpoint: string, pki: Pick<TestPki, 'caCert' | 'identities'>, password: string, env: NodeJS.ProcessEnv): Promise<void> {
  const root = (args: string[]): Promise<string> => etcdctlAsRoot(endpoint, pki, args, env);
  try {
    await root(['user', 'get', ETCD_ROOT_USER]);
  } catch (err) {
    if (!failedWith(err, 'user name not found')) throw err;
    // `--new-user-password` rather than `root:<password>`: etcdctl would echo the latter on failure.
    await root(['user', 'add', ETCD_ROOT_USER, `--new-user-password=${password}`]).catch((addErr: unknown) => {
      if (!failedWith(addErr, 'user name already exists')) throw addErr;
    });
  }
  // Granting a role the user has is a no-op in etcd 3.4, and so is enabling auth that is on.
  await root(['user', 'grant-role', ETCD_ROOT_USER, 'root']);
  await root(['auth', 'enable']);
}
