import { parseKeyValue } from '@logpipe/targets';
import { ConflictError, ValidationError } from '../cli/errors.js';
import type { EtcdStore, StoredValue } from '../connect/etcd-store.js';
import type { TargetRecord } from './target-records.js';

/**
 * The key's new value with the record's target replaced by `replacement`, or removed when it is
 * undefined. Returns undefined when the key should be deleted: a per-target key being removed,
 * or the last entry of a `collect_config` array. Values are written compact, as etcdctl users do.
 */
export function keyValueWith(record: TargetRecord, stored: StoredValue, replacement: unknown): string | undefined {
  if (record.index === undefined) return replacement === undefined ? undefined : JSON.stringify(replacement);
  const entries = JSON.parse(stored.value) as unknown[];
  if (replacement === undefined) entries.splice(record.index, 1);
  else entries[record.index] = replacement;
  return entries.length === 0 ? undefined : JSON.stringify(entries);
}

/** Refuses a key value the agent would reject, with every problem, each naming its field. */
export function validateKeyValue(prefix: string, key: string, value: string, allowedPaths: readonly string[], what: string): void {
  const result = parseKeyValue(key.slice(prefix.length + 1), value, allowedPaths);
  if (!result.ok) throw new ValidationError(`${what} (${key}) refused`, result.errors);
}

/**
 * Writes (or deletes) the key only if it still has the mod revision it had when read; a
 * `ConflictError` otherwise, naming the command to re-run.
 */
export async function commitKey(store: EtcdStore, stored: StoredValue, value: string | undefined, rerun: string): Promise<void> {
  const applied = value === undefined ? await store.remove(stored.key, stored.modRevision) : await store.update(stored.key, value, stored.modRevision);
  if (!applied) throw new ConflictError(stored.key, rerun);
}
