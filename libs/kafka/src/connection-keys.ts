import type { KeySpec } from '@logpipe/config';
import type { KafkaConnection } from './client.js';

/**
 * The `[kafka]` keys both apps share: where the brokers are and how to authenticate. Each app
 * adds its own keys (batching, topics) next to these in its schema.
 */
export function kafkaConnectionKeys(clientId: string) {
  return {
    brokers: { type: 'list', default: ['127.0.0.1:9092'], description: 'Bootstrap brokers.', example: 'kafka-1:9092, kafka-2:9092' },
    client_id: { type: 'string', default: clientId, description: 'Kafka client id, visible in broker logs and quotas.' },
    tls: { type: 'boolean', default: false, description: 'Connect to the brokers over TLS.' },
    tls_ca_file: { type: 'string', description: 'PEM CA bundle to verify the brokers.' },
    tls_cert_file: { type: 'string', description: 'PEM client certificate for mutual TLS.' },
    tls_key_file: { type: 'string', description: 'PEM client key for mutual TLS.' },
    sasl_mechanism: { type: 'enum', values: ['none', 'plain', 'scram-sha-256', 'scram-sha-512'], default: 'none', description: 'SASL mechanism; `none` disables SASL.' },
    sasl_username: { type: 'string', description: 'SASL user name.' },
    sasl_password: { type: 'string', secret: true, description: 'SASL password.' },
  } as const satisfies Record<string, KeySpec>;
}

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
