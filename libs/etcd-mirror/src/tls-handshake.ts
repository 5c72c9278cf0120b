import { connect } from 'node:tls';
import type { EtcdAccess } from './etcd-access.js';

const HANDSHAKE_TIMEOUT_MS = 3000;

/**
 * gRPC reports every failed TLS handshake as "No connection established. Last error: null",
 * which names no setting. One handshake of our own, with the same CA and client certificate,
 * says what is wrong: undefined when it succeeds (or the endpoint is not https). With TLS 1.3 a
 * server refuses a client certificate only after the handshake, so a byte is read to see that.
 */
export async function tlsHandshakeProblem(endpoint: string, tls: NonNullable<EtcdAccess['tls']>): Promise<string | undefined> {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:') return undefined;
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 2379), ca: tls.ca, cert: tls.cert, key: tls.key, ALPNProtocols: ['h2'] });
    const done = (problem: string | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(undefined), HANDSHAKE_TIMEOUT_MS);
    // Not reaching the port at all (refused, unresolvable) is an outage, not a TLS problem.
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.syscall !== undefined ? undefined : openSslReason(err.message)));
    // An HTTP/2 server speaks first (its SETTINGS frame): data means the certificate was accepted.
    socket.once('data', () => done(undefined));
    socket.once('end', () => done('the server closed the connection after the handshake'));
  });
}

/** OpenSSL's `<hex>:error:<code>:SSL routines:<function>:ssl/tls alert bad certificate:<file>:...` → its reason. */
function openSslReason(message: string): string {
  // Node's advice after a failed verification (`; if the root CA is installed locally, try
  // --use-system-ca`) is not ours to give: the remedy is the CA setting.
  return (/SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message.split(';')[0]!).trim();
}
