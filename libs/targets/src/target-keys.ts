import { parseTarget, type ParseOptions } from './parse-target.js';
import type { Target } from './target.js';

/**
 * The etcd key layout, relative to the configured prefix (default `/logagent`):
 *
 * - `<agent>/collect_config`: the seeds' form, a JSON array of targets.
 * - `<agent>/targets/<id>`: one JSON object per target, so two people can edit different
 *   targets without overwriting each other.
 * - `_all/collect_config` and `_all/targets/<id>`: the same, for every agent.
 * - `<agent>/status`: the agent's own lease-bound registration; not a target.
 */
export const ALL_AGENTS = '_all';
/** The last segment of an agent's lease-bound registration key, `<agent>/status`. */
export const STATUS_KEY = 'status';

/** `<agent>/targets/<id>`, relative to the prefix; `agent` is a name or ALL_AGENTS. */
export function targetKey(agent: string, id: string): string {
  return `${agent}/targets/${id}`;
}

/** `<agent>/collect_config`, relative to the prefix: the seeds' array form. */
export function collectConfigKey(agent: string): string {
  return `${agent}/collect_config`;
}

/** `<agent>/status`, relative to the prefix. */
export function statusKey(agent: string): string {
  return `${agent}/${STATUS_KEY}`;
}

/** The agent segment of a relative key (`web-1` of `web-1/targets/nginx`); ALL_AGENTS for shared targets. */
export function agentOfKey(relativeKey: string): string {
  return relativeKey.split('/', 1)[0]!;
}

export type KeyKind = { kind: 'collect_config' } | { kind: 'target'; id: string } | { kind: 'ignored' };

export function classifyKey(relativeKey: string): KeyKind {
  const [, ...rest] = relativeKey.split('/');
  const tail = rest.join('/');
  if (tail === 'collect_config') return { kind: 'collect_config' };
  if (rest[0] === 'targets' && rest.length === 2 && rest[1]) return { kind: 'target', id: rest[1] };
  return { kind: 'ignored' };
}

/** Whether a key defines targets; the rest under an agent's prefix (its `status`) is not config. */
export function isTargetKey(relativeKey: string): boolean {
  return classifyKey(relativeKey).kind !== 'ignored';
}

export type KeyParseResult = { ok: true; targets: Target[] } | { ok: false; errors: string[] };

/** Parses one key's value into the targets it defines; every problem names the key's part at fault. */
export function parseKeyValue(relativeKey: string, value: string, allowedPaths: readonly string[]): KeyParseResult {
  const kind = classifyKey(relativeKey);
  if (kind.kind === 'ignored') return { ok: true, targets: [] };
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (err) {
    return { ok: false, errors: [`invalid JSON: ${(err as Error).message}`] };
  }
  const base: Omit<ParseOptions, 'id'> = { source: relativeKey, allowedPaths };
  if (kind.kind === 'target') {
    const result = parseTarget(json, { ...base, id: relativeKey });
    return result.ok ? { ok: true, targets: [result.target] } : result;
  }
  if (!Array.isArray(json)) {
    return { ok: false, errors: ['collect_config must be a JSON array like [{"path":"/var/log/app.log","topic":"app_log"}]'] };
  }
  const targets: Target[] = [];
  const errors: string[] = [];
  json.forEach((entry, index) => {
    const path = (entry as { path?: unknown } | null)?.path;
    const result = parseTarget(entry, { ...base, id: `${relativeKey}:${typeof path === 'string' ? path : index}` });
    if (result.ok) targets.push(result.target);
    else errors.push(...result.errors.map((e) => `[${index}] ${e}`));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, targets };
}
