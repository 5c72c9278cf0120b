import { readFileSync } from 'node:fs';
import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import { isRefusal } from './errors.js';

/** The connection settings both apps read from their `[kafka]` INI section. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  tls?: { enabled: boolean; caFile?: string | undefined; certFile?: string | undefined; keyFile?: string | undefined; rejectUnauthorized?: boolean };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** How often, and how patiently, the client itself retries a request before the caller sees the error. */
export interface KafkaRetry {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
}

/**
 * Our own retry loops decide how long to keep trying; this covers a leader election or a broker
 * restart inside one call (about 20 s in all).
 */
export const DEFAULT_RETRY: KafkaRetry = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 };

const SASL_MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/**
 * The client options every producer, consumer and admin client of the project starts from.
 * Validation of the options is on (`strict`): a wrong option is our bug, and the client would
 * otherwise accept it silently.
 */
export function clientOptions(connection: KafkaConnection, retry: KafkaRetry, role: string): BaseOptions {
  const options: BaseOptions = {
    clientId: `${connection.clientId}-${role}`,
    bootstrapBrokers: connection.brokers,
    connectTimeout: connection.connectionTimeoutMs ?? 3000,
    requestTimeout: connection.requestTimeoutMs ?? 30_000,
    // The broker-side wait of a Produce with acks=all, or a topic creation.
    timeout: 30_000,
    retries: retry.retries,
    // The client retries a refused login as it would a dropped connection (the refusal is the
    // cause of a retriable network error): do those retries at once, so that a wrong password
    // or CA file is reported in a second rather than after the whole backoff (20 s by default).
    retryDelay: (_client, _operation, attempt, _retries, error) =>
      isRefusal(error) ? 0 : Math.min(retry.maxRetryTime, retry.initialRetryTime * 2 ** Math.max(0, attempt - 1)),
    autocreateTopics: false,
    strict: true,
  };
  if (connection.tls?.enabled) {
    const tls = connection.tls;
    options.tls = {
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      ...(tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {}),
      ...(tls.certFile ? { cert: readFileSync(tls.certFile, 'utf8') } : {}),
      ...(tls.keyFile ? { key: readFileSync(tls.keyFile, 'utf8') } : {}),
    };
  }
  if (connection.sasl) {
    const sasl: SASLOptions = { mechanism: SASL_MECHANISMS[connection.sasl.mechanism], username: connection.sasl.username, password: connection.sasl.password };
    options.sasl = sasl;
  }
  return options;
}
