import { connect } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';

/** How long a broker that accepted the certificate may stay silent before we call it accepted. */
const PROBE_MS = 1_500;

/**
 * Opens one TLS connection to `broker` with the client's own TLS options and reports the TLS
 * alert the broker sends, if any. In TLS 1.3 a broker rejects a client certificate only after the
 * handshake completed, so the Kafka client sees a bare "Connection closed"; this finds out why.
 * Sends nothing: a broker that accepted the certificate just waits, and the probe hangs up.
 */
export function tlsAlertOf(broker: string, tls: ConnectionOptions): Promise<string | undefined> {
  const colon = broker.lastIndexOf(':');
  const host = broker.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(broker.slice(colon + 1));
  return new Promise((resolve) => {
    let settled = false;
    const done = (alert: string | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(alert);
    };
    const socket = connect({ ...tls, host, port, ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => done(undefined), PROBE_MS);
    socket.on('error', (err: NodeJS.ErrnoException) => done(alertText(err)));
    socket.on('close', () => done(undefined));
  });
}

/** `ssl/tls alert certificate unknown` out of OpenSSL's long message; the code when there is none. */
function alertText(err: NodeJS.ErrnoException): string | undefined {
  const alert = /alert ([a-z ]+?)(?::|$)/i.exec(err.message);
  if (alert) return `TLS alert "${alert[1]!.trim()}"`;
  return /^ERR_SSL/.test(err.code ?? '') ? err.code : undefined;
}
