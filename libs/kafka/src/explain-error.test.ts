import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError, MultipleErrors, NetworkError, ProtocolError } from '@platformatic/kafka';
import type { KafkaConnection } from './client.js';
import { explainKafkaError, principalOf } from './explain-error.js';

const sasl: KafkaConnection = { brokers: ['b1:9093'], clientId: 'c', tls: { enabled: true, caFile: '/etc/ca.pem' }, sasl: { mechanism: 'scram-sha-512', username: 'logagent', password: 'hunter2-secret' } };

test('a refused SCRAM login names the broker, the principal and [kafka] sasl_password, never the password', async () => {
  const auth = new AuthenticationError('SASL authentication failed.', { cause: new ProtocolError('SASL_AUTHENTICATION_FAILED') });
  const err = await explainKafkaError(new MultipleErrors('Cannot connect to any broker.', [new NetworkError('Connection to b1:9093 failed.', { cause: auth })]), 'listing topics', sasl);
  assert.match(err.message, /Kafka broker b1:9093 refused the SASL SCRAM-SHA-512 login of User:logagent: fix \[kafka\] sasl_password/);
  assert.doesNotMatch(err.message, /hunter2/);
  assert.deepEqual([err.denied, err.retriable], [true, false]);
});

test('a broker certificate the CA file did not sign names tls_ca_file, is denied, and drops Node\'s --use-system-ca advice', async () => {
  const tls = Object.assign(new Error('unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  const err = await explainKafkaError(new NetworkError('Connection to b1:9093 failed.', { cause: tls }), 'connecting', sasl);
  assert.match(err.message, /The TLS certificate of Kafka broker b1:9093 is not trusted: the CA in \[kafka\] tls_ca_file \(\/etc\/ca\.pem\) did not sign it/);
  assert.doesNotMatch(err.message, /use-system-ca/);
  assert.deepEqual([err.denied, err.retriable], [true, false]);
});

test('missing topic and group ACLs name the principal and what to grant', async () => {
  const topic = await explainKafkaError(new ProtocolError('TOPIC_AUTHORIZATION_FAILED'), 'creating topics t1', sasl);
  assert.match(topic.message, /^creating topics t1: .*Kafka broker b1:9093 denied User:logagent access to the topic/);
  const group = await explainKafkaError(new ProtocolError('GROUP_AUTHORIZATION_FAILED'), 'joining group g1', { ...sasl, sasl: { ...sasl.sasl!, username: 'logtransfer' } });
  assert.match(group.message, /^joining group g1: .*denied User:logtransfer the consumer group: grant it READ on the group named in \[transfer\] group/);
  assert.equal(group.denied, true);
});

test('an error unrelated to security is left as it is', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
  const err = await explainKafkaError(new NetworkError('Connection to 127.0.0.1:9092 failed.', { cause: refused }), 'producing', sasl);
  assert.equal(err.message, 'producing: Connection to 127.0.0.1:9092 failed: connect ECONNREFUSED 127.0.0.1:9092');
  assert.deepEqual([err.denied, err.retriable], [false, true]);
});

test('the principal is the SASL user, or nothing known without SASL or a certificate', () => {
  assert.equal(principalOf(sasl), 'User:logagent');
  assert.equal(principalOf({ brokers: ['b:1'], clientId: 'c' }), undefined);
});
