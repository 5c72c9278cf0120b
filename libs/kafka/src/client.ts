import { readFileSync } from 'node:fs';
import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Logger } from '@logpipe/runtime';
import { ignoreKafkajsNegativeTimeouts } from './negative-timeout-warning.js';

/** The connection settings both apps read from their `[kafka]` INI section. */
export interface KafkaConnection {
  brokers: string[];
  clientId: string;
  tls?: { enabled: boolean; caFile?: string | undefined; certFile?: string | undefined; keyFile?: string | undefined; rejectUnauthorized?: boolean };
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

/** How often, and how patiently, kafkajs itself retries a request or a connection. */
export interface KafkaRetry {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
}

// Our own retry loops decide how long to keep trying; kafkajs's default gives up too early
// for a broker restart (5 retries, ~10 s in total).
const DEFAULT_RETRY: KafkaRetry = { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10 };

/**
 * @param retry how long kafkajs retries before an error reaches the caller, for connections
 *   (every client) and for requests (unless a client sets its own). A caller that retries
 *   forever itself passes a short one, so it sees failures, counts them and can stop.
 */
export function createKafka(connection: KafkaConnection, logger: Logger, retry: KafkaRetry = DEFAULT_RETRY): Kafka {
  ignoreKafkajsNegativeTimeouts();
  const config: KafkaConfig = {
    brokers: connection.brokers,
    clientId: connection.clientId,
    connectionTimeout: connection.connectionTimeoutMs ?? 3000,
    requestTimeout: connection.requestTimeoutMs ?? 30000,
    logLevel: KafkaLogLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...fields } = entry.log;
      const level = entry.level <= KafkaLogLevel.ERROR ? 'error' : entry.level === KafkaLogLevel.WARN ? 'warn' : 'debug';
      logger[level](`kafka: ${message}`, { namespace: entry.namespace, ...fields });
    },
    retry: { ...retry },
  };
  if (connection.tls?.enabled) {
    const tls = connection.tls;
    config.ssl = {
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      ...(tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {}),
      ...(tls.certFile ? { cert: readFileSync(tls.certFile, 'utf8') } : {}),
      ...(tls.keyFile ? { key: readFileSync(tls.keyFile, 'utf8') } : {}),
    };
  }
  if (connection.sasl) {
    config.sasl = { ...connection.sasl } as SASLOptions;
  }
  return new Kafka(config);
}
