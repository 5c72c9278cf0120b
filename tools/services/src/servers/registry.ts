import { ServicesError } from '../errors.js';
import { SERVER_NAMES, type ServerDefinition, type ServerName } from '../server-definition.js';
import { elasticsearch } from './elasticsearch/server.js';
import { etcd } from './etcd/server.js';
import { kafka } from './kafka/server.js';
import { prometheus } from './prometheus/server.js';

export const SERVERS: Record<ServerName, ServerDefinition> = { kafka, elasticsearch, etcd, prometheus };

/** The definitions for `names` (all four when empty), in the usual order, each once. */
export function resolveServers(names: readonly string[] = []): ServerDefinition[] {
  const unknown = names.filter((n) => !(SERVER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new ServicesError(`unknown server ${unknown.map((n) => JSON.stringify(n)).join(', ')}: choose from ${SERVER_NAMES.join(', ')}`);
  }
  const wanted = names.length === 0 ? SERVER_NAMES : SERVER_NAMES.filter((n) => names.includes(n));
  return wanted.map((n) => SERVERS[n]);
}
