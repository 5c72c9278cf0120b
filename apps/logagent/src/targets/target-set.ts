import { parseKeyValue } from './target-keys.js';
import type { Target } from './target.js';

export interface RejectedValue {
  key: string;
  errors: string[];
}

/**
 * The agent's view of its etcd keys. A bad value never replaces a good one: the key keeps its
 * last valid version until a valid value arrives or the key is deleted, and other keys are not
 * touched. That is what lets an operator's typo leave collection running.
 */
export class TargetSet {
  /** Last valid raw value per relative key: what is persisted for an etcd-less start. */
  private readonly validValues = new Map<string, string>();
  private readonly targetsByKey = new Map<string, Target[]>();

  constructor(private readonly allowedPaths: readonly string[]) {}

  /** Applies a put; returns the problems when the value was rejected (the old version stays). */
  put(key: string, value: string): RejectedValue | undefined {
    const result = parseKeyValue(key, value, this.allowedPaths);
    if (!result.ok) return { key, errors: result.errors };
    this.validValues.set(key, value);
    this.targetsByKey.set(key, result.targets);
    return undefined;
  }

  delete(key: string): void {
    this.validValues.delete(key);
    this.targetsByKey.delete(key);
  }

  /** Replaces everything with a full listing (initial load, resync after reconnect). */
  replaceAll(entries: Iterable<[string, string]>): RejectedValue[] {
    const rejected: RejectedValue[] = [];
    const seen = new Set<string>();
    for (const [key, value] of entries) {
      seen.add(key);
      const problem = this.put(key, value);
      if (problem) rejected.push(problem);
    }
    for (const key of [...this.validValues.keys()]) if (!seen.has(key)) this.delete(key);
    return rejected;
  }

  /** All targets of every key. Ids carry their key, so `_all` and agent targets never collide. */
  targets(): Target[] {
    const byId = new Map<string, Target>();
    for (const targets of this.targetsByKey.values()) for (const target of targets) byId.set(target.id, target);
    return [...byId.values()];
  }

  snapshot(): Record<string, string> {
    return Object.fromEntries(this.validValues);
  }
}
