import assert from 'node:assert/strict';
import { test } from 'node:test';
import { log4jProperties, newClusterId, serverProperties } from './config.js';
import { parseProperties as parse } from './properties-text.js';

test('server.properties describes a one-node KRaft cluster on the configured ports', () => {
  const props = parse(serverProperties({ kafka: 19092, kafkaController: 19093, kafkaFaultListener: 19094, kafkaFaultProxy: 19095 }, '/run/kafka/data'));
  assert.equal(props.get('process.roles'), 'broker,controller');
  assert.equal(props.get('node.id'), '1');
  assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:19093');
  assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,FAULT://127.0.0.1:19094');
  // The fault listener advertises the tests' proxy port, so its clients' traffic crosses the proxy.
  assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19092,FAULT://127.0.0.1:19095');
  assert.equal(props.get('listener.security.protocol.map'), 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,FAULT:PLAINTEXT');
  assert.equal(props.get('controller.listener.names'), 'CONTROLLER');
  assert.equal(props.get('inter.broker.listener.name'), 'PLAINTEXT');
  assert.equal(props.get('log.dirs'), '/run/kafka/data');
  assert.equal(props.get('offsets.topic.replication.factor'), '1');
  assert.equal(props.get('transaction.state.log.replication.factor'), '1');
  assert.equal(props.get('transaction.state.log.min.isr'), '1');
  assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
});

test('log4j writes to stderr, never stdout', () => {
  const text = log4jProperties();
  assert.match(text, /^log4j\.appender\.stderr\.Target=System\.err$/m);
  assert.doesNotMatch(text, /System\.out/);
});

test('cluster ids are 16 random bytes in base64url without padding', () => {
  for (let i = 0; i < 200; i++) {
    const id = newClusterId();
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(Buffer.from(id, 'base64url').length, 16);
  }
});

test('a cluster id never starts with "-", which a command line would read as a flag', () => {
  const draws = [Buffer.from([0xf8, ...Array(15).fill(1)]), Buffer.from(Array(16).fill(7))];
  assert.ok(draws[0]!.toString('base64url').startsWith('-'), 'the first draw must start with -');
  const id = newClusterId(() => draws.shift()!);
  assert.equal(id, Buffer.from(Array(16).fill(7)).toString('base64url'));
});
