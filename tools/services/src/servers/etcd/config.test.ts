import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etcdArgs, withoutEtcdVariables } from './config.js';

test('etcd listens for clients and peers on the configured loopback ports', () => {
  const args = etcdArgs({ etcd: 12379, etcdPeer: 12380 }, '/run/etcd/data');
  assert.ok(args.includes('--data-dir=/run/etcd/data'));
  assert.ok(args.includes('--listen-client-urls=http://127.0.0.1:12379'));
  assert.ok(args.includes('--advertise-client-urls=http://127.0.0.1:12379'));
  assert.ok(args.includes('--listen-peer-urls=http://127.0.0.1:12380'));
  assert.ok(args.includes('--initial-advertise-peer-urls=http://127.0.0.1:12380'));
  assert.ok(args.includes('--initial-cluster=logpipe=http://127.0.0.1:12380'));
  assert.ok(args.includes('--name=logpipe'));
});

test('ETCD_* variables do not reach etcd, everything else does', () => {
  assert.deepEqual(withoutEtcdVariables({ ETCD_DATA_DIR: '/elsewhere', ETCDCTL_API: '3', PATH: '/usr/bin' }), { ETCDCTL_API: '3', PATH: '/usr/bin' });
});
