import { test } from 'node:test';
import assert from 'node:assert/strict';
import kafkajs from 'kafkajs';
import { KafkaAdapterError, toKafkaAdapterError } from './errors.js';

const { KafkaJSConnectionError, KafkaJSError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;

function protocolError(type: string, retriable: boolean) {
  return new KafkaJSProtocolError(Object.assign(new Error(`broker said ${type}`), { type, code: 1, retriable }));
}

/** What kafkajs's retrier throws when it gives up on a non-retriable error. */
function bailed(err: Error) {
  return Object.assign(new KafkaJSNonRetriableError(err), { cause: err });
}

test('a connection error that exhausted kafkajs retries is retriable and keeps the producer', () => {
  const err = toKafkaAdapterError(new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: ECONNREFUSED'), { retryCount: 2, retryTime: 800 }), 'producing');
  assert.ok(err instanceof KafkaAdapterError);
  assert.equal(err.message, 'producing: Connection error: ECONNREFUSED');
  assert.equal(err.retriable, true);
  assert.equal(err.recreateProducer, false);
});

test('broker answers about producer state ask for a new producer, however deep the cause', () => {
  for (const type of ['OUT_OF_ORDER_SEQUENCE_NUMBER', 'DUPLICATE_SEQUENCE_NUMBER', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING', 'UNKNOWN_PRODUCER_ID']) {
    const err = toKafkaAdapterError(bailed(protocolError(type, false)), 'producing');
    assert.deepEqual([type, err.retriable, err.recreateProducer], [type, false, true]);
  }
});

test('a disconnected or disconnecting producer asks for a new one', () => {
  assert.equal(toKafkaAdapterError(new KafkaJSError('The producer is disconnected'), 'producing').recreateProducer, true);
  const disconnecting = new KafkaJSNonRetriableError("The producer is disconnecting; therefore, it can't safely accept messages anymore");
  assert.equal(toKafkaAdapterError(disconnecting, 'producing').recreateProducer, true);
});

test('other protocol errors keep the producer and their retriable flag', () => {
  const tooLarge = toKafkaAdapterError(protocolError('MESSAGE_TOO_LARGE', false), 'producing');
  assert.deepEqual([tooLarge.retriable, tooLarge.recreateProducer], [false, false]);
  const notLeader = toKafkaAdapterError(protocolError('NOT_LEADER_FOR_PARTITION', true), 'producing');
  assert.deepEqual([notLeader.retriable, notLeader.recreateProducer], [true, false]);
});

test('an adapter error passes through unchanged and a non-error is described', () => {
  const original = new KafkaAdapterError('x', true, { recreateProducer: true });
  assert.equal(toKafkaAdapterError(original, 'again'), original);
  const odd = toKafkaAdapterError('boom', 'connecting');
  assert.deepEqual([odd.message, odd.retriable, odd.recreateProducer], ['connecting: boom', false, false]);
});
