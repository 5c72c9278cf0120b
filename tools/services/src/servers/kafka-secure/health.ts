import { kafkaHealthy } from '../kafka/health.js';
import { kafkaSecureEndpoints } from './endpoints.js';

/**
 * Healthy means the operator can log in with SCRAM over TLS and read the cluster metadata: the
 * listener is up, its certificate verifies against the test CA and the users exist.
 */
export async function kafkaSecureHealthy(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const secure = kafkaSecureEndpoints(env);
  let password: string;
  try {
    password = secure.passwords().admin;
  } catch {
    // Not formatted yet: there is no user to log in as.
    return false;
  }
  return kafkaHealthy(secure.saslBrokers, { tls: { enabled: true, caFile: secure.pki.caCert }, sasl: { mechanism: 'scram-sha-512', username: 'admin', password } });
}
