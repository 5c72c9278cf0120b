import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readPorts } from '../../ports.js';
import { clusterNodeProperties } from './node-properties.js';

const properties = (text: string): Map<string, string> =>
  new Map(text.split('\n').filter((line) => line.includes('=') && !line.startsWith('#')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

test('each node votes in one quorum of three and listens on its own ports', () => {
  const { ports } = readPorts({});
  const two = properties(clusterNodeProperties(ports, 2, '/data/2'));
  assert.equal(two.get('node.id'), '2');
  assert.equal(two.get('controller.quorum.voters'), '1@127.0.0.1:19193,2@127.0.0.1:19293,3@127.0.0.1:19393');
  assert.equal(two.get('listeners'), 'PLAINTEXT://127.0.0.1:19292,CONTROLLER://127.0.0.1:19293');
  assert.equal(two.get('log.dirs'), '/data/2');
  assert.equal(properties(clusterNodeProperties(ports, 1, '/d')).get('controller.quorum.voters'), two.get('controller.quorum.voters'));
});

test('topics are durable by default: 3 replicas, 2 in sync, no unclean elections', () => {
  const p = properties(clusterNodeProperties(readPorts({}).ports, 1, '/d'));
  assert.deepEqual(
    ['default.replication.factor', 'min.insync.replicas', 'offsets.topic.replication.factor', 'unclean.leader.election.enable'].map((k) => p.get(k)),
    ['3', '2', '3', 'false'],
  );
});
