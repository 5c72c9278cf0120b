import type { IndexPattern, TopicIndexNamer } from '../transform/index-name.js';
import type { CompiledRoute } from './compile-route.js';

/** Where one topic's documents go, as the batch handler uses it. */
export interface TopicRoute {
  readonly indexName: TopicIndexNamer;
  /** The parser a route names for the topic; undefined: each event's own `logpipe.format`. */
  readonly format: string | undefined;
}

/**
 * Which index and parser each topic gets. Each field is taken from the first source that sets
 * it: the etcd route, then the INI route, then (for the format) the event's own `logpipe.format`
 * or (for the index) `[elasticsearch] index`. Batches look their topic up once; the answer is
 * cached until the routes change.
 */
export class RouteTable {
  private etcd: ReadonlyMap<string, CompiledRoute> = new Map();
  private readonly cache = new Map<string, TopicRoute>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly defaultIndex: IndexPattern,
    private readonly ini: ReadonlyMap<string, CompiledRoute>,
  ) {}

  forTopic(topic: string): TopicRoute {
    let route = this.cache.get(topic);
    if (route === undefined) {
      const { index, format } = this.effective(topic);
      route = { indexName: index.forTopic(topic), format };
      this.cache.set(topic, route);
    }
    return route;
  }

  /** Applies a new set of etcd routes (all of them); listeners hear of it before any batch can use it. */
  replaceEtcdRoutes(routes: ReadonlyMap<string, CompiledRoute>): void {
    this.etcd = routes;
    this.cache.clear();
    for (const listener of this.listeners) listener();
  }

  /** Called synchronously after every change of the etcd routes. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Every index pattern a document may be named by now: the default and each route's. */
  indexPatterns(): IndexPattern[] {
    const byPattern = new Map<string, IndexPattern>([[this.defaultIndex.pattern, this.defaultIndex]]);
    for (const routes of [this.ini, this.etcd]) {
      for (const route of routes.values()) if (route.index) byPattern.set(route.index.pattern, route.index);
    }
    return [...byPattern.values()];
  }

  private effective(topic: string): { index: IndexPattern; format: string | undefined } {
    const e = this.etcd.get(topic);
    const i = this.ini.get(topic);
    return { index: e?.index ?? i?.index ?? this.defaultIndex, format: e?.format ?? i?.format };
  }
}
