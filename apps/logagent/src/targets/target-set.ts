import { isTargetKey, parseKeyValue, type Target } from '@logpipe/targets';

export interface RejectedValue {
  key: string;
  errors: string[];
}

/** One key as etcd holds it; `revision` (the key's mod_revision) is absent for values from disk. */
export interface KeyValue {
  key: string;
  value: string;
  revision?: string | undefined;
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
  /**
   * The revision of each key's rejected value that was already reported. A resync lists the
   * same bad value again; reporting it again would count one typo as many config errors.
   */
  private readonly reportedRevisions = new Map<string, string>();

  constructor(private readonly allowedPaths: readonly string[]) {}

  /**
   * Applies a put; returns the problems when the value was rejected (the old version stays),
   * unless this very revision was rejected and reported before. Keys that define no targets
   * (an agent's `status`) are ignored.
   */
  put({ key, value, revision }: KeyValue): RejectedValue | undefined {
    if (!isTargetKey(key)) return undefined;
    const result = parseKeyValue(key, value, this.allowedPaths);
    if (!result.ok) {
      if (revision !== undefined && this.reportedRevisions.get(key) === revision) return undefined;
      if (revision !== undefined) this.reportedRevisions.set(key, revision);
      return { key, errors: result.errors };
    }
    this.reportedRevisions.delete(key);
    this.validValues.set(key, value);
    this.targetsByKey.set(key, result.targets);
    return undefined;
  }

  delete(key: string): void {
    this.reportedRevisions.delete(key);
    this.validValues.delete(key);
    this.targetsByKey.delete(key);
  }

  /** Replaces everything with a full listing (initial load, resync after reconnect). */
  replaceAll(entries: Iterable<KeyValue>): RejectedValue[] {
    const rejected: RejectedValue[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      seen.add(entry.key);
      const problem = this.put(entry);
      if (problem) rejected.push(problem);
    }
    for (const key of new Set([...this.validValues.keys(), ...this.reportedRevisions.keys()])) if (!seen.has(key)) this.delete(key);
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
