import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { clientOptions, DEFAULT_RETRY, type KafkaConnection } from './client.js';
import { errorTree, KafkaAdapterError, toKafkaAdapterError, UNTRUSTED_BROKER } from './errors.js';
import { tlsAlertOf } from './tls-probe.js';

/** Node's hint for those, which is wrong for a Kafka client: the CA comes from tls_ca_file. */
const NODE_CA_HINT = /; if the root CA is installed locally, try running Node\.js with --use-system-ca/g;

/** Who the brokers see: the SASL user, or the certificate's subject (which the broker maps to a principal). */
export function principalOf(connection: KafkaConnection): string | undefined {
  if (connection.sasl) return `User:${connection.sasl.username}`;
  const subject = certificateOf(connection)?.subject;
  if (subject === undefined) return undefined;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1];
  // Brokers usually map `CN=x` to `User:x` (ssl.principal.mapping.rules); the default is the whole DN.
  return cn === undefined ? `User:${subject.replace(/\n/g, ',')}` : `User:${cn}`;
}

function certificateOf(connection: KafkaConnection): X509Certificate | undefined {
  const file = connection.tls?.certFile;
  if (!connection.tls?.enabled || !file) return undefined;
  try {
    return new X509Certificate(readFileSync(file));
  } catch {
    return undefined;
  }
}

/**
 * `toKafkaAdapterError`, plus what a person must change when security is the problem: the
 * broker, the principal and the `[kafka]` key to fix. A bare "Connection closed" with a client
 * certificate is checked with one TLS probe, since that is how a rejected certificate looks.
 * Never includes a password or key: only user names, file names and certificate names.
 */
export async function explainKafkaError(err: unknown, what: string, connection: KafkaConnection): Promise<KafkaAdapterError> {
  const error = toKafkaAdapterError(err, what);
  if (error.message.includes('[kafka] ')) return error;
  const brokers = connection.brokers.join(', ');
  const principal = principalOf(connection) ?? 'User:ANONYMOUS';
  const codes = new Set<string>();
  for (const node of errorTree(error.cause)) if (typeof node.code === 'string') codes.add(node.code);
  const ids = new Set(error.brokerErrors);

  let hint: string | undefined;
  let denied = error.denied;
  if (ids.has('SASL_AUTHENTICATION_FAILED') || ids.has('UNSUPPORTED_SASL_MECHANISM') || (codes.has('PLT_KFK_AUTHENTICATION') && connection.sasl)) {
    const mechanism = connection.sasl?.mechanism.toUpperCase() ?? 'SASL';
    hint = ids.has('UNSUPPORTED_SASL_MECHANISM')
      ? `Kafka broker ${brokers} does not offer SASL ${mechanism} to ${principal}: set [kafka] sasl_mechanism to one the listener enables`
      : `Kafka broker ${brokers} refused the SASL ${mechanism} login of ${principal}: fix [kafka] sasl_password (or sasl_username if the user is wrong)`;
  } else if ([...codes].some((code) => UNTRUSTED_BROKER.test(code))) {
    denied = true;
    const ca = connection.tls?.caFile ? `the CA in [kafka] tls_ca_file (${connection.tls.caFile}) did not sign it` : '[kafka] tls_ca_file is not set, and the system CAs did not sign it';
    hint = `The TLS certificate of Kafka broker ${brokers} is not trusted: ${ca}; set tls_ca_file to the PEM of the CA that signed the brokers' certificates`;
  } else if (codes.has('ERR_TLS_CERT_ALTNAME_INVALID')) {
    denied = true;
    hint = `The TLS certificate of Kafka broker ${brokers} is not for that host name or address: list the brokers in [kafka] brokers by a name the certificate holds`;
  } else if (ids.has('TOPIC_AUTHORIZATION_FAILED')) {
    hint = `Kafka broker ${brokers} denied ${principal} access to the topic: grant it the topic ACLs its app needs (docs/security/kafka.md), or fix the topic name`;
  } else if (ids.has('GROUP_AUTHORIZATION_FAILED')) {
    hint = `Kafka broker ${brokers} denied ${principal} the consumer group: grant it READ on the group named in [transfer] group (docs/security/kafka.md)`;
  } else if (ids.has('CLUSTER_AUTHORIZATION_FAILED')) {
    hint = `Kafka broker ${brokers} denied ${principal} a cluster operation: an idempotent producer needs WRITE on the topics it writes (which implies IDEMPOTENT_WRITE); other operations need an operator`;
  } else if (ids.has('TRANSACTIONAL_ID_AUTHORIZATION_FAILED')) {
    hint = `Kafka broker ${brokers} denied ${principal} its transactional id: grant the ACL`;
  } else if (connection.tls?.enabled && connection.tls.certFile && /Connection closed/.test(error.message)) {
    const alert = await tlsAlertOf(connection.brokers[0]!, clientOptions(connection, DEFAULT_RETRY, 'probe').tls as ConnectionOptions);
    if (alert !== undefined) {
      denied = true;
      const cert = certificateOf(connection);
      const names = cert ? ` (${cert.subject.replace(/\n/g, ',')}, issued by ${cert.issuer.replace(/\n/g, ',')})` : '';
      hint = `Kafka broker ${brokers} rejected the client certificate in [kafka] tls_cert_file${names} with ${alert}: use a certificate signed by a CA the broker trusts, with its key in tls_key_file`;
    }
  }
  if (hint === undefined) return error;
  const message = `${error.message.replace(NODE_CA_HINT, '')}. ${hint}`;
  return new KafkaAdapterError(message, denied ? false : error.retriable, { cause: error.cause, recreateProducer: error.recreateProducer, denied, brokerErrors: error.brokerErrors });
}
