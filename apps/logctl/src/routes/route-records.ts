import { parseRouteJson, topicOfRouteKey, type RouteSpec } from '@logpipe/schemas';
import type { StoredValue } from '../connect/etcd-store.js';

export interface RouteRecord {
  /** The key's last segment; a topic name unless the key is broken. */
  topic: string;
  key: string;
  modRevision: string;
  /** The JSON as stored; the raw text when it is not JSON. */
  value: unknown;
  /** Why the transfer refuses it (same parser as the transfer's); empty when valid. */
  errors: string[];
}

/** Every key under `<transfer prefix>/routes/`, in key order, checked as the transfer checks it. */
export function routeRecords(listing: readonly StoredValue[], transferPrefix: string): RouteRecord[] {
  const head = `${transferPrefix}/routes/`;
  return listing
    .filter((stored) => stored.key.startsWith(head))
    .map((stored) => {
      const topic = topicOfRouteKey(transferPrefix, stored.key);
      const parsed = parseRouteJson(stored.value);
      let value: unknown = stored.value;
      try {
        value = JSON.parse(stored.value);
      } catch {
        // kept as text; parseRouteJson has said why
      }
      const errors = topic === undefined ? ['not a route key: the part after routes/ must be a Kafka topic name'] : parsed.ok ? [] : parsed.errors;
      return { topic: topic ?? stored.key.slice(head.length), key: stored.key, modRevision: stored.modRevision, value, errors };
    });
}

/** The valid routes by topic: what `status` and `query` use to find a topic's index. */
export function validRoutes(records: readonly RouteRecord[]): Map<string, RouteSpec> {
  return new Map(records.filter((r) => r.errors.length === 0).map((r) => [r.topic, r.value as RouteSpec]));
}
