import { ServicesError } from '../errors.js';
import { ALL_SERVER_NAMES, SERVER_GROUPS, SERVER_NAMES, type ServerDefinition, type ServerName } from '../server-definition.js';
import { elasticsearch } from './elasticsearch/server.js';
import { elasticsearchSecure } from './elasticsearch-secure/server.js';
import { etcd } from './etcd/server.js';
import { etcdSecure } from './etcd-secure/server.js';
import { kafka } from './kafka/server.js';
import { searchClusterNode } from './elasticsearch-cluster/node.js';
import { kafkaClusterNode } from './kafka-cluster/node.js';
import { kafkaSecure } from './kafka-secure/server.js';
import { prometheus } from './prometheus/server.js';

export const SERVERS: Record<ServerName, ServerDefinition> = {
  kafka,
  elasticsearch,
  etcd,
  prometheus,
  'kafka-1': kafkaClusterNode(1),
  'kafka-2': kafkaClusterNode(2),
  'kafka-3': kafkaClusterNode(3),
  'elasticsearch-1': searchClusterNode(1),
  'elasticsearch-2': searchClusterNode(2),
  'kafka-secure': kafkaSecure,
  'etcd-secure': etcdSecure,
  'elasticsearch-secure': elasticsearchSecure,
};

/**
 * The definitions for `names`, in the usual order, each once; a group name stands for its
 * members. Empty means the four defaults, or with `everything` every server the harness knows
 * (what `down` and `running` look at, so servers a test started by name are stopped too).
 */
export function resolveServers(names: readonly string[] = [], { everything = false } = {}): ServerDefinition[] {
  const expanded = names.flatMap((n) => SERVER_GROUPS[n] ?? [n]);
  const unknown = expanded.filter((n) => !(ALL_SERVER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    const choices = [...ALL_SERVER_NAMES, ...Object.keys(SERVER_GROUPS)].join(', ');
    throw new ServicesError(`unknown server ${unknown.map((n) => JSON.stringify(n)).join(', ')}: choose from ${choices}`);
  }
  const wanted = expanded.length > 0 ? ALL_SERVER_NAMES.filter((n) => expanded.includes(n)) : everything ? ALL_SERVER_NAMES : SERVER_NAMES;
  return wanted.map((n) => SERVERS[n]);
}
