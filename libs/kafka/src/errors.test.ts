import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationError, MultipleErrors, NetworkError, ProtocolError, UserError } from '@platformatic/kafka';
import { endsMembership, isRefusal, KafkaAdapterError, toKafkaAdapterError } from './errors.js';

/** What the client throws after retrying: "<operation> failed N times", the attempts inside. */
function retried(operation: string, ...attempts: Error[]) {
  return new MultipleErrors(`${operation} failed ${attempts.length} times.`, attempts);
}

test('a refused connection, retried by the client, is retriable and names the broker', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
  const err = toKafkaAdapterError(retried('metadata', new NetworkError('Connection to 127.0.0.1:9092 failed.', { cause: refused })), 'producing');
  assert.ok(err instanceof KafkaAdapterError);
  assert.equal(err.message, 'producing: metadata failed 1 times: connect ECONNREFUSED 127.0.0.1:9092');
  assert.deepEqual([err.retriable, err.recreateProducer, err.denied], [true, false, false]);
});

test("a broker's refusal is not retriable and its name is kept", () => {
  const err = toKafkaAdapterError(retried('Producing messages', new ProtocolError('MESSAGE_TOO_LARGE')), 'producing');
  assert.deepEqual([err.retriable, err.recreateProducer, err.brokerErrors], [false, false, ['MESSAGE_TOO_LARGE']]);
  assert.match(err.message, /MESSAGE_TOO_LARGE/);
});

test('a wrong password, wrapped in a retriable network error, is denied and not retriable', () => {
  const auth = new AuthenticationError('SASL authentication failed.', { cause: new ProtocolError('SASL_AUTHENTICATION_FAILED') });
  const err = toKafkaAdapterError(retried('metadata', new NetworkError('Cannot connect to any broker.', { cause: auth })), 'connecting');
  assert.deepEqual([err.retriable, err.denied], [false, true]);
  assert.match(err.message, /SASL_AUTHENTICATION_FAILED/);
});

test('a missing ACL is denied', () => {
  const err = toKafkaAdapterError(retried('Producing messages', new ProtocolError('TOPIC_AUTHORIZATION_FAILED')), 'producing');
  assert.deepEqual([err.retriable, err.denied], [false, true]);
});

test('a fenced producer id or a closed client asks for a new producer', () => {
  for (const id of ['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']) {
    assert.equal(toKafkaAdapterError(retried('Producing messages', new ProtocolError(id)), 'producing').recreateProducer, true, id);
  }
  assert.equal(toKafkaAdapterError(new NetworkError('Client is closed.', { canRetry: false }), 'producing').recreateProducer, true);
});

test('a lost membership is recognised, however deep', () => {
  for (const id of ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']) assert.equal(endsMembership(retried('commit', new ProtocolError(id))), true, id);
  assert.equal(endsMembership(retried('commit', new ProtocolError('REQUEST_TIMED_OUT'))), false);
});

test('an adapter error passes through unchanged and a non-error is described', () => {
  const original = new KafkaAdapterError('x', true, { recreateProducer: true });
  assert.equal(toKafkaAdapterError(original, 'again'), original);
  const odd = toKafkaAdapterError('boom', 'connecting');
  assert.deepEqual([odd.message, odd.retriable, odd.recreateProducer], ['connecting: boom', false, false]);
  assert.equal(toKafkaAdapterError(new UserError('Unknown topic t.'), 'producing').message, 'producing: Unknown topic t');
});

test('a refused login is a refusal even as the cause of a retriable network error; a dropped connection is not', () => {
  const auth = new AuthenticationError('SASL authentication failed.', { cause: new ProtocolError('SASL_AUTHENTICATION_FAILED') });
  assert.equal(isRefusal(new MultipleErrors('Cannot connect to any broker.', [new NetworkError('Connection to b:1 failed.', { cause: auth })])), true);
  const untrusted = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  assert.equal(isRefusal(new NetworkError('Connection to b:1 failed.', { cause: untrusted })), true);
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
  assert.equal(isRefusal(new NetworkError('Connection to b:1 failed.', { cause: refused })), false);
});
