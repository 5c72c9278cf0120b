import { topicOfRouteKey } from '@logpipe/schemas';
import { compileRouteJson, type CompiledRoute, type RouteRules } from './compile-route.js';

/** One etcd key as listed or watched; `revision` is its mod_revision. */
export interface RouteKeyValue {
  key: string;
  value: string;
  revision: string;
}

export interface RejectedRoute {
  key: string;
  errors: string[];
}

/**
 * The transfer's view of `<prefix>/routes/*`. A bad value never replaces a good one: the key
 * keeps its last valid route until a valid value arrives or the key is deleted, the way the
 * agent keeps a target. So an operator's typo leaves the topic flowing where it flowed.
 */
export class EtcdRouteSet {
  private readonly routes = new Map<string, CompiledRoute>();
  /** Per key, the revision of the rejected value already reported: a resync lists it again. */
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    private readonly rules: RouteRules,
  ) {}

  /** Applies a put; returns the problems when the value was rejected and not reported before. */
  put({ key, value, revision }: RouteKeyValue): RejectedRoute | undefined {
    const topic = topicOfRouteKey(this.prefix, key);
    if (topic === undefined) {
      return this.reject(key, revision, [`is not a route key: routes are ${this.prefix}/routes/<topic>, with a Kafka topic name (letters, digits, ".", "_", "-")`]);
    }
    const result = compileRouteJson(value, this.rules);
    if (!result.ok) return this.reject(key, revision, result.errors);
    this.reported.delete(key);
    this.routes.set(topic, result.route);
    return undefined;
  }

  delete(key: string): void {
    this.reported.delete(key);
    const topic = topicOfRouteKey(this.prefix, key);
    if (topic !== undefined) this.routes.delete(topic);
  }

  /** Replaces everything with a full listing (the first one, and each resync). */
  replaceAll(entries: Iterable<RouteKeyValue>): RejectedRoute[] {
    const rejected: RejectedRoute[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.key);
      const problem = this.put(entry);
      if (problem) rejected.push(problem);
    }
    for (const topic of [...this.routes.keys()]) {
      const key = `${this.prefix}/routes/${topic}`;
      if (!seen.has(key)) this.delete(key);
    }
    for (const key of [...this.reported.keys()]) if (!seen.has(key)) this.reported.delete(key);
    return rejected;
  }

  /** The valid routes by topic; a copy, so the route table never sees a half-applied change. */
  snapshot(): Map<string, CompiledRoute> {
    return new Map(this.routes);
  }

  private reject(key: string, revision: string, errors: string[]): RejectedRoute | undefined {
    if (this.reported.get(key) === revision) return undefined;
    this.reported.set(key, revision);
    return { key, errors };
  }
}
