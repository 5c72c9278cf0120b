import { classifyKey, parseKeyValue, parseTarget } from '@logpipe/targets';
import type { StoredValue } from '../connect/etcd-store.js';

/**
 * One target as an operator sees it, wherever it is written: its own key
 * (`<agent>/targets/<id>`) or an entry of a `collect_config` array. `ref` is how logctl names it
 * on the command line: `web-1/nginx`, `_all/syslog`, `web-1/collect_config[0]`.
 */
export interface TargetRecord {
  ref: string;
  agent: string;
  /** `nginx`, or `collect_config[0]` for an array entry (`collect_config` when the array itself is broken). */
  id: string;
  /** The full etcd key. */
  key: string;
  form: 'target' | 'collect_config';
  /** Position in the `collect_config` array. */
  index?: number;
  /** The JSON as stored; the raw text when it is not JSON. */
  value: unknown;
  modRevision: string;
  /** What the agent would reject it for, with the same parser the agent uses; empty when valid. */
  errors: string[];
}

/** The targets one etcd key holds; none for keys that are not target keys (an agent's `status`). */
export function recordsOf(stored: StoredValue, prefix: string, allowedPaths: readonly string[]): TargetRecord[] {
  const relative = stored.key.slice(prefix.length + 1);
  const kind = classifyKey(relative);
  if (kind.kind === 'ignored') return [];
  const agent = relative.split('/', 1)[0]!;
  const base = { agent, key: stored.key, modRevision: stored.modRevision };
  let json: unknown;
  try {
    json = JSON.parse(stored.value);
  } catch {
    json = stored.value;
  }
  if (kind.kind === 'target') {
    const parsed = parseKeyValue(relative, stored.value, allowedPaths);
    return [{ ...base, ref: `${agent}/${kind.id}`, id: kind.id, form: 'target', value: json, errors: parsed.ok ? [] : parsed.errors }];
  }
  if (!Array.isArray(json)) {
    const parsed = parseKeyValue(relative, stored.value, allowedPaths);
    return [{ ...base, ref: `${agent}/collect_config`, id: 'collect_config', form: 'collect_config', value: json, errors: parsed.ok ? [] : parsed.errors }];
  }
  const errors = json.map((entry: unknown) => {
    const parsed = parseTarget(entry, { id: relative, source: relative, allowedPaths });
    return parsed.ok ? [] : parsed.errors;
  });
  // The agent takes a collect_config key whole or not at all: one bad entry makes it keep the
  // key's last valid version, so the good entries are not in effect either.
  const broken = errors.findIndex((e) => e.length > 0);
  return json.map((entry: unknown, index) => {
    const id = `collect_config[${index}]`;
    const own = errors[index]!;
    const sibling = broken >= 0 && own.length === 0 ? [`collect_config[${broken}] in the same key is invalid (agents take a key whole or not at all)`] : [];
    return { ...base, ref: `${agent}/${id}`, id, form: 'collect_config' as const, index, value: entry, errors: own.length > 0 ? own : sibling };
  });
}

/** Every target under the prefix, in key order (array entries in array order). */
export function allRecords(listing: readonly StoredValue[], prefix: string, allowedPaths: readonly string[]): TargetRecord[] {
  return listing.flatMap((stored) => recordsOf(stored, prefix, allowedPaths));
}

/** A record's JSON for `--json` output. */
export function recordJson(record: TargetRecord): Record<string, unknown> {
  return {
    id: record.ref,
    agent: record.agent,
    key: record.key,
    form: record.form,
    ...(record.index !== undefined ? { index: record.index } : {}),
    mod_revision: record.modRevision,
    valid: record.errors.length === 0,
    errors: record.errors,
    value: record.value,
  };
}
