import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import { kafkaSecureEndpoints } from '@logpipe/services';
import { scram } from './kafka-auth.js';
import { refusedThenFixed } from './refused-then-fixed.js';

test('a wrong SCRAM password: an error naming the broker, the principal and [kafka] sasl_password; after the fix every line arrives exactly once', async (t) => {
  await refusedThenFixed(t, 'kwrongpw', {
    refused: scram('logagent', `wrong-${randomBytes(12).toString('hex')}`),
    fixed: scram('logagent'),
    transfer: scram('logtransfer'),
    mentions: [kafkaSecureEndpoints().saslBrokers[0]!, 'SASL_AUTHENTICATION_FAILED', 'User:logagent', '[kafka] sasl_password'],
    before: 1500,
    whileDown: 1000,
  });
});
