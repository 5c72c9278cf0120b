/**
 * Elasticsearch gives back what it stored in its own shape: settings nested under `index` with
 * string values, object keys in another order. These helpers bring what we would send and what
 * the cluster has to one form, so "already there" can be told from "different".
 */

/** JSON with object keys sorted at every level; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

/** `{ number_of_shards: 1, index: { refresh_interval: '1s' } }` → `{ 'index.number_of_shards': '1', 'index.refresh_interval': '1s' }`. */
export function flatSettings(settings: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  const walk = (node: unknown, path: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
      for (const [key, child] of Object.entries(node as Record<string, unknown>)) walk(child, path ? `${path}.${key}` : key);
      return;
    }
    const key = path.startsWith('index.') ? path : `index.${path}`;
    flat[key] = Array.isArray(node) ? node.map(String).join(',') : String(node);
  };
  walk(settings ?? {}, '');
  return flat;
}

export interface ComparableTemplate {
  index_patterns: string[] | string;
  priority?: number;
  composed_of?: string[];
  ignore_missing_component_templates?: string[];
  template?: { settings?: unknown; mappings?: unknown; aliases?: unknown };
  _meta?: unknown;
  version?: number;
}

/** Equal when Elasticsearch would resolve both to the same index configuration. */
export function sameTemplate(a: ComparableTemplate, b: ComparableTemplate): boolean {
  const shape = (t: ComparableTemplate) => ({
    index_patterns: [t.index_patterns].flat(),
    priority: t.priority ?? null,
    composed_of: t.composed_of ?? [],
    ignore_missing: t.ignore_missing_component_templates ?? [],
    settings: flatSettings(t.template?.settings),
    mappings: t.template?.mappings ?? {},
    aliases: t.template?.aliases ?? {},
    meta: t._meta ?? null,
    version: t.version ?? null,
  });
  return canonicalJson(shape(a)) === canonicalJson(shape(b));
}
