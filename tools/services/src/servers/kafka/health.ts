import { Kafka, logLevel } from 'kafkajs';

/**
 * Healthy means a client can fetch cluster metadata and sees a broker, the first thing the
 * agent and the tests do. A log line saying "started" does not prove the listener is usable.
 */
export async function kafkaHealthy(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'logpipe-services-health',
    brokers,
    // Failed probes are expected while the broker starts; their stack traces would only be noise.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
