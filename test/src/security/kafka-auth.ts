import { readFileSync } from 'node:fs';
import type { KafkaConnection } from '@logpipe/kafka';
import { kafkaSecureEndpoints } from '@logpipe/services';

/** How an app logs in to kafka-secure: a SCRAM user over SASL_SSL, or a client certificate over mTLS. */
export type KafkaAuth =
  | { kind: 'sasl'; username: string; password: string; caFile?: string }
  | { kind: 'mtls'; certFile: string; keyFile: string; caFile?: string };

export type SecureApp = 'logagent' | 'logtransfer';

/** The app's own SCRAM user with its real password. */
export function scram(app: SecureApp | 'admin', password?: string): KafkaAuth {
  return { kind: 'sasl', username: app, password: password ?? kafkaSecureEndpoints().passwords()[app] };
}

/** The app's own client certificate from the test PKI (CN = the app). */
export function certificate(app: SecureApp): KafkaAuth {
  const { cert, key } = kafkaSecureEndpoints().pki.identities[app];
  return { kind: 'mtls', certFile: cert, keyFile: key };
}

/** The `[kafka]` lines that connect an app to kafka-secure, exactly as a user writes them. */
export function kafkaIniLines(auth: KafkaAuth): string[] {
  const secure = kafkaSecureEndpoints();
  const ca = auth.caFile ?? secure.pki.caCert;
  if (auth.kind === 'sasl') {
    return [`brokers = ${secure.saslBrokers.join(',')}`, 'tls = true', `tls_ca_file = ${ca}`, 'sasl_mechanism = scram-sha-512', `sasl_username = ${auth.username}`, `sasl_password = ${auth.password}`];
  }
  return [`brokers = ${secure.mtlsBrokers.join(',')}`, 'tls = true', `tls_ca_file = ${ca}`, `tls_cert_file = ${auth.certFile}`, `tls_key_file = ${auth.keyFile}`];
}

/** The same, for a client the test itself makes. */
export function kafkaConnection(auth: KafkaAuth, clientId: string): KafkaConnection {
  const secure = kafkaSecureEndpoints();
  const caFile = auth.caFile ?? secure.pki.caCert;
  return auth.kind === 'sasl'
    ? { brokers: secure.saslBrokers, clientId, tls: { enabled: true, caFile }, sasl: { mechanism: 'scram-sha-512', username: auth.username, password: auth.password } }
    : { brokers: secure.mtlsBrokers, clientId, tls: { enabled: true, caFile, certFile: auth.certFile, keyFile: auth.keyFile } };
}

/**
 * What must never appear in any output: the password, or the private key's contents (its
 * base64 lines, any of which would be a leak, not only the whole PEM).
 */
export function secretsOf(auth: KafkaAuth): string[] {
  if (auth.kind === 'sasl') return [auth.password];
  const pem = readFileSync(auth.keyFile, 'utf8');
  return pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));
}
