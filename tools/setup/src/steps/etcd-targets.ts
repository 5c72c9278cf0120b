import type { Etcd3 } from 'etcd3';
import { classifyKey, parseKeyValue } from '@logpipe/targets';
import type { StepResult } from './step-result.js';

/** `<agent>/targets/<id>` or `<agent>/collect_config`, relative to the prefix → the value to seed. */
export type TargetSeeds = Record<string, unknown>;

/**
 * Checks every seed with logagent's own parser first (all problems at once), so setup never
 * writes a value the agents would reject.
 */
export function validateSeeds(seeds: TargetSeeds, allowedPaths: readonly string[], source: string): Map<string, string> {
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(seeds)) {
    if (classifyKey(key).kind === 'ignored') {
      problems.push(`${key}: not a target key; use <agent>/targets/<id> or <agent>/collect_config`);
      continue;
    }
    const text = JSON.stringify(value);
    const parsed = parseKeyValue(key, text, allowedPaths);
    if (!parsed.ok) problems.push(...parsed.errors.map((e) => `${key}: ${e}`));
    values.set(key, text);
  }
  if (problems.length > 0) throw new Error(`${source}: invalid target seeds:\n  ${problems.join('\n  ')}`);
  return values;
}

/**
 * Puts each seed only if its key does not exist yet, in one transaction per key: a target an
 * operator changed or deleted-and-recreated is never overwritten by a later run.
 */
export async function seedTargets(etcd: Etcd3, prefix: string, values: Map<string, string>): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [relative, value] of values) {
    const key = `${prefix}/${relative}`;
    const subject = `etcd key ${key}`;
    const txn = await etcd.if(key, 'Create', '==', 0).then(etcd.put(key).value(value)).else(etcd.get(key)).commit();
    if (txn.succeeded) {
      results.push({ subject, outcome: 'created' });
      continue;
    }
    const current = txn.responses[0]?.response_range?.kvs[0]?.value.toString();
    results.push(current === value ? { subject, outcome: 'unchanged' } : { subject, outcome: 'unchanged', detail: 'differs from the seed; left as it is' });
  }
  return results;
}
