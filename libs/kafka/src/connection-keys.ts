import { bothOrNeither, onlyWhen, type KeySpec, type SectionRule } from '@logpipe/config';
import type { KafkaConnection } from './client.js';

/**
 * The `[kafka]` keys both apps share: where the brokers are and how to authenticate. Each app
 * adds its own keys (batching, topics) next to these in its schema.
 */
export function kafkaConnectionKeys(clientId: string) {
  return {
    brokers: { type: 'list', default: ['127.0.0.1:9092'], items: { kind: 'host-port' }, description: 'Bootstrap brokers.', example: 'kafka-1:9092, kafka-2:9092' },
    client_id: { type: 'string', default: clientId, description: 'Kafka client id, visible in broker logs and quotas.' },
    tls: { type: 'boolean', default: false, description: 'Connect to the brokers over TLS.' },
    tls_ca_file: { type: 'string', file: true, description: "PEM CA bundle to verify the brokers; without it, the system's CAs verify them." },
    tls_cert_file: { type: 'string', file: true, description: 'PEM client certificate for mutual TLS.' },
    tls_key_file: { type: 'string', file: true, description: 'PEM client key for mutual TLS.' },
    sasl_mechanism: { type: 'enum', values: ['none', 'plain', 'scram-sha-256', 'scram-sha-512'], default: 'none', description: 'SASL mechanism; `none` disables SASL.' },
    sasl_username: { type: 'string', description: 'SASL user name.' },
    sasl_password: { type: 'string', secret: true, description: 'SASL password.' },
  } as const satisfies Record<string, KeySpec>;
}

/** What those keys must agree on: SASL with a user and password, TLS files only with TLS on. */
export const kafkaConnectionRules: readonly SectionRule[] = [
  (v) => {
    if (v.sasl_mechanism === 'none') return undefined;
    const missing = ['sasl_username', 'sasl_password'].find((key) => v[key] === undefined);
    return missing === undefined ? undefined : { key: missing, message: `is required with sasl_mechanism = ${String(v.sasl_mechanism)}` };
  },
  onlyWhen(['sasl_username', 'sasl_password'], (v) => v.sasl_mechanism !== 'none', 'sasl_mechanism is none; set it to plain, scram-sha-256 or scram-sha-512'),
  onlyWhen(['tls_ca_file', 'tls_cert_file', 'tls_key_file'], (v) => v.tls === true, 'tls is false; set tls = true'),
  bothOrNeither('tls_cert_file', 'tls_key_file', 'a client certificate is sent with its private key'),
];

/** The parsed values of those keys. */
export interface KafkaConnectionSection {
  brokers: string[];
  client_id: string;
  tls: boolean;
  tls_ca_file?: string | undefined;
  tls_cert_file?: string | undefined;
  tls_key_file?: string | undefined;
  sasl_mechanism: 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
  sasl_username?: string | undefined;
  sasl_password?: string | undefined;
}

export function kafkaConnectionFrom(section: KafkaConnectionSection): KafkaConnection {
  return {
    brokers: section.brokers,
    clientId: section.client_id,
    ...(section.tls
      ? { tls: { enabled: true, caFile: section.tls_ca_file, certFile: section.tls_cert_file, keyFile: section.tls_key_file } }
      : {}),
    ...(section.sasl_mechanism !== 'none'
      ? { sasl: { mechanism: section.sasl_mechanism, username: section.sasl_username ?? '', password: section.sasl_password ?? '' } }
      : {}),
  };
}
