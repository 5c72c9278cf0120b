import { KafkaAdmin, type KafkaConnection } from '@logpipe/kafka';

/**
 * Healthy means a client can fetch cluster metadata and sees a broker, the first thing the
 * agent and the tests do. A log line saying "started" does not prove the listener is usable.
 * `security` is how a secured broker's client logs in (TLS, SASL).
 */
export async function kafkaHealthy(brokers: string[], security: Pick<KafkaConnection, 'tls' | 'sasl'> = {}): Promise<boolean> {
  const admin = new KafkaAdmin(
    { brokers, clientId: 'logpipe-services-health', connectionTimeoutMs: 1000, requestTimeoutMs: 2000, ...security },
    // Failed probes are expected while the broker starts: the caller polls.
    { retries: 0, initialRetryTime: 100, maxRetryTime: 100 },
  );
  try {
    return (await admin.brokerCount()) > 0;
  } catch {
    return false;
  } finally {
    await admin.close();
  }
}
