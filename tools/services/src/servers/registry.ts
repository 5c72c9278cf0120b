import { ServicesError } from '../errors.js';
import { ALL_SERVER_NAMES, SERVER_GROUPS, SERVER_NAMES, type ServerDefinition, type ServerName } from '../server-definition.js';
import { elasticsearch } from './elasticsearch/server.js';
import { etcd } from './etcd/server.js';
import { etcdSecure } from './etcd-secure/server.js';
import { kafka } from './kafka/server.js';
import { prometheus } from './prometheus/server.js';

export const SERVERS: Record<ServerName, ServerDefinition> = {
  kafka,
  elasticsearch,
  etcd,
  prometheus,
  'etcd-secure': etcdSecure,
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
