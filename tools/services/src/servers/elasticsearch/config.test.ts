import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elasticsearchYml, launchCommand } from './config.js';

test('elasticsearch.yml binds one node to loopback on the configured ports and paths', () => {
  const yml = elasticsearchYml({ elasticsearch: 19200, elasticsearchTransport: 19300 }, { data: '/run/es/data', logs: '/run/es/logs' });
  const settings = Object.fromEntries(
    yml
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf(':')), JSON.parse(l.slice(l.indexOf(':') + 1)) as unknown]),
  );
  assert.deepEqual(settings, {
    'cluster.name': 'logpipe',
    'node.name': 'logpipe',
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': 19200,
    'transport.port': 19300,
    'path.data': '/run/es/data',
    'path.logs': '/run/es/logs',
    'xpack.security.enabled': false,
    'cluster.routing.allocation.disk.threshold_enabled': false,
    'action.destructive_requires_name': false,
  });
});

test('as root, Elasticsearch runs as uid 1000 inside a user namespace', () => {
  assert.deepEqual(launchCommand({ esHome: '/es', pidFile: '/run/es/pid', uid: 0 }), {
    command: 'unshare',
    args: ['--user', '--map-user=1000', '--map-group=1000', '/es/bin/elasticsearch', '-d', '-p', '/run/es/pid'],
    daemonizes: true,
  });
});

test('as any other user, Elasticsearch runs directly', () => {
  assert.deepEqual(launchCommand({ esHome: '/es', pidFile: '/run/es/pid', uid: 1001 }), {
    command: '/es/bin/elasticsearch',
    args: ['-d', '-p', '/run/es/pid'],
    daemonizes: true,
  });
});

test('OpenSearch runs in the foreground: its -d returns before the node has a pid file', () => {
  assert.deepEqual(launchCommand({ esHome: '/os', engine: 'opensearch', pidFile: '/run/os/pid', uid: 0 }), {
    command: 'unshare',
    args: ['--user', '--map-user=1000', '--map-group=1000', '/os/bin/opensearch', '-p', '/run/os/pid'],
    daemonizes: false,
  });
});

test('opensearch.yml has no x-pack setting, which OpenSearch refuses', () => {
  const yml = elasticsearchYml({ elasticsearch: 19200, elasticsearchTransport: 19300 }, { data: '/d', logs: '/l' }, 'opensearch');
  assert.ok(!yml.includes('xpack'), yml);
  assert.match(yml, /^discovery\.type: "single-node"$/m);
});
