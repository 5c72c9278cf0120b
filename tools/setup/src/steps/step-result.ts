/**
 * What one setup step did to one thing. A second run of setup on the same servers reports only
 * `unchanged` and `skipped`: that is how the idempotence test (and an operator) can tell.
 */
export interface StepResult {
  /** The thing, e.g. `kafka topic app_log` or `elasticsearch index template logpipe-logs`. */
  subject: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped';
  /** Why, when it is not obvious: why skipped, what differs, what was left as it is. */
  detail?: string;
}

export function formatResults(results: readonly StepResult[]): string {
  const width = Math.max(...results.map((r) => r.subject.length), 0);
  return results.map((r) => `${r.subject.padEnd(width)}  ${r.outcome}${r.detail ? ` (${r.detail})` : ''}`).join('\n') + '\n';
}
