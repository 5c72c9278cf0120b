import { parseIndexPattern, type RouteSpec } from '@logpipe/schemas';

/**
 * The index a pattern gives for a topic on a UTC day (`logs-app_log-2026.01.15`), or with `*`
 * for an unknown topic or day (`logs-app_log-*`: every day of a topic). Topics are lower-cased,
 * as the transfer does. The pattern is parsed by the same code as the transfer's.
 */
export function indexFor(pattern: string, topic: string | undefined, day: Date | undefined): string {
  const parts: Record<string, string> | undefined = day && {
    yyyy: String(day.getUTCFullYear()),
    MM: String(day.getUTCMonth() + 1).padStart(2, '0'),
    dd: String(day.getUTCDate()).padStart(2, '0'),
  };
  return parseIndexPattern(pattern)
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'topic') return topic === undefined ? '*' : topic.toLowerCase();
      return parts ? part.format.replace(/yyyy|MM|dd/g, (token) => parts[token]!) : '*';
    })
    .join('')
    .replace(/\*+/g, '*');
}

/** Where the transfer sends documents, from lowest to highest precedence per field, as its route table does. */
export interface IndexSources {
  /** `[elasticsearch] index` of the transfer (or its default). */
  fallback: string;
  /** `[routes]` of the transfer's INI file. */
  ini: ReadonlyMap<string, RouteSpec>;
  /** `<transfer prefix>/routes/<topic>` in etcd. */
  etcd: ReadonlyMap<string, RouteSpec>;
}

/** The index pattern a topic's documents get: the etcd route's, else the INI route's, else the default. */
export function topicIndexPattern(topic: string, sources: IndexSources): string {
  return sources.etcd.get(topic)?.index ?? sources.ini.get(topic)?.index ?? sources.fallback;
}

/** Every index any topic's documents may be in: the default pattern for every topic, and each routed topic's. */
export function everyIndex(sources: IndexSources): string[] {
  const routed = [...sources.ini, ...sources.etcd].filter(([, route]) => route.index).map(([topic, route]) => indexFor(route.index!, topic, undefined));
  return [...new Set([indexFor(sources.fallback, undefined, undefined), ...routed])];
}
