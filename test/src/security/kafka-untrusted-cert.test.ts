import { test } from 'node:test';
import { kafkaSecureEndpoints } from '@logpipe/services';
import { certificate, scram } from './kafka-auth.js';
import { refusedThenFixed } from './refused-then-fixed.js';

const secure = kafkaSecureEndpoints();

test('a client certificate from a CA the broker does not trust: an error naming the broker and [kafka] tls_cert_file; after the fix every line once', async (t) => {
  await refusedThenFixed(t, 'kstranger', {
    // CN=logagent, the right name, but signed by the untrusted CA.
    refused: { kind: 'mtls', certFile: secure.pki.stranger.cert, keyFile: secure.pki.stranger.key },
    fixed: certificate('logagent'),
    transfer: certificate('logtransfer'),
    mentions: [secure.mtlsBrokers[0]!, '[kafka] tls_cert_file', 'CN=logagent', 'issued by CN=untrusted test CA'],
    before: 1000,
    whileDown: 500,
  });
});

test('a CA file that did not sign the broker certificate: an error naming the broker and [kafka] tls_ca_file; after the fix every line once', async (t) => {
  await refusedThenFixed(t, 'kwrongca', {
    refused: { ...scram('logagent'), caFile: secure.pki.stranger.caCert },
    fixed: scram('logagent'),
    transfer: scram('logtransfer'),
    mentions: [secure.saslBrokers[0]!, '[kafka] tls_ca_file', secure.pki.stranger.caCert],
    before: 1000,
    whileDown: 500,
  });
});
