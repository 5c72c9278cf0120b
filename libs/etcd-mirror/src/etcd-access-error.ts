import { X509Certificate } from 'node:crypto';
import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError, GRPCUnavailableError } from 'etcd3';
import type { EtcdAccess } from './etcd-access.js';
import { tlsHandshakeProblem } from './tls-handshake.js';

/**
 * etcd refused us (a wrong password, a missing permission, a certificate it does not trust): not
 * an outage that passes by itself, so the message names the endpoint, the user and the setting
 * to fix. `cause` is the driver's error.
 */
export class EtcdAccessError extends Error {
  override readonly name = 'EtcdAccessError';
}

/**
 * The driver's error, or an EtcdAccessError saying what to fix when etcd refused access.
 * `doing` is what was refused, e.g. `reading /logagent/web-1/`; `needs` the permission that
 * takes, e.g. `read on the prefix /logagent/web-1/`.
 */
export async function explainEtcdError(err: unknown, access: EtcdAccess, doing: string, needs: string): Promise<unknown> {
  const where = `etcd at ${access.endpoints.join(', ')}`;
  const who = access.username !== undefined ? `user "${access.username}"` : certificateUser(access);
  if (err instanceof EtcdPermissionDeniedError) {
    return new EtcdAccessError(
      `${where} denied ${who} ${doing}: permission denied; grant the user's role ${needs} (docs/security/etcd.md), or set ${access.section} username and password to a user that has it`,
      { cause: err },
    );
  }
  if (err instanceof EtcdAuthenticationFailedError) {
    return new EtcdAccessError(`${where} refused ${who}: wrong username or password; fix ${access.section} password (or username)`, { cause: err });
  }
  if (err instanceof GRPCUnavailableError && access.tls) {
    for (const endpoint of access.endpoints) {
      const problem = await tlsHandshakeProblem(endpoint, access.tls);
      if (problem !== undefined) return new EtcdAccessError(`${where}: the TLS handshake with ${endpoint} failed (${problem}); ${tlsRemedy(problem, access)}`, { cause: err });
    }
  }
  return err;
}

function tlsRemedy(problem: string, access: EtcdAccess): string {
  const { section, tls } = access;
  // Node's words when our CA does not sign the server's certificate.
  if (/self[- ]signed|unable to (get|verify)|certificate chain/i.test(problem)) {
    return `${section} ca_file${tls?.caFile ? ` (${tls.caFile})` : ''} is not the CA that signed etcd's certificate: point it at that CA's PEM`;
  }
  if (!tls?.cert) return `etcd requires a client certificate: set ${section} cert_file and key_file to one signed by a CA in etcd's --trusted-ca-file`;
  return `etcd did not accept the client certificate: ${section} cert_file${tls?.certFile ? ` (${tls.certFile})` : ''} and key_file must be signed by a CA in etcd's --trusted-ca-file`;
}

/** Without a username, etcd (with --client-cert-auth) takes the certificate's CN as the user. */
function certificateUser(access: EtcdAccess): string {
  const cn = access.tls?.cert ? /(?:^|\n)CN=([^\n]*)/.exec(new X509Certificate(access.tls.cert).subject)?.[1] : undefined;
  if (cn === undefined) return `this client (no username in ${access.section}, and no client certificate)`;
  return `user "${cn}" (the CN of the certificate in ${access.section} cert_file, as no username is set)`;
}
