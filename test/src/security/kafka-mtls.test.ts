import { test } from 'node:test';
import { certificate } from './kafka-auth.js';
import { everyLineOnce } from './pipeline-once.js';

/** The certificates' CNs become the same principals as the SCRAM users (User:logagent...), so the same ACLs apply. */
test('agent -> kafka-secure over mutual TLS -> transfer -> Elasticsearch: every line exactly once', async () => {
  await everyLineOnce('kmtls', certificate('logagent'), certificate('logtransfer'), 3000);
});
