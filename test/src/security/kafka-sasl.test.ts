import { test } from 'node:test';
import { scram } from './kafka-auth.js';
import { everyLineOnce } from './pipeline-once.js';

test('agent -> kafka-secure over SASL_SSL with SCRAM-SHA-512 -> transfer -> Elasticsearch: every line exactly once', async () => {
  await everyLineOnce('ksasl', scram('logagent'), scram('logtransfer'), 3000);
});
