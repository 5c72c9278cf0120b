import type { Client } from '@elastic/elasticsearch';
import type { StepResult } from './step-result.js';

/**
 * With security on, Kibana logs in as the built-in `kibana_system` user, whose password can only
 * be set through the API once Elasticsearch runs. Setup sets it when it does not work yet.
 */
export async function ensureKibanaSystemPassword(client: Client, password: string): Promise<StepResult> {
  const subject = 'elasticsearch user kibana_system';
  const authorization = `Basic ${Buffer.from(`kibana_system:${password}`).toString('base64')}`;
  try {
    await client.security.authenticate(undefined, { headers: { authorization } });
    return { subject, outcome: 'unchanged', detail: 'its password already works' };
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode !== 401) throw err;
  }
  await client.security.changePassword({ username: 'kibana_system', password });
  return { subject, outcome: 'updated', detail: 'password set' };
}
