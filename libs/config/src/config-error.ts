/**
 * One thing wrong with the configuration. `source` is where the bad value came from: the file
 * path, or `env NAME` for an environment variable, so the user knows which one to fix.
 */
export interface ConfigProblem {
  source: string;
  section?: string;
  key?: string;
  /** The bad value as written (secret values are replaced by `<hidden>`). */
  value?: string;
  /** What is wrong and what would be valid. */
  message: string;
}

/**
 * Thrown by `parseConfig`/`loadConfig` with every problem found, not only the first, so that one
 * edit-and-retry round fixes them all. Apps exit with code 2 on it.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super([`invalid configuration (${count}):`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
    this.problems = problems;
  }
}

/** `config/logagent.ini: [kafka] acks = "7": must be one of: all, 1, 0 (-1 means all)` */
export function formatProblem(problem: ConfigProblem): string {
  const { source, section, key, value, message } = problem;
  let text = source;
  if (section !== undefined || key !== undefined) {
    const where = [section === undefined ? undefined : `[${section}]`, key].filter((part) => part !== undefined);
    text += `: ${where.join(' ')}`;
  }
  // JSON quoting makes empty values, stray spaces and control characters visible.
  if (value !== undefined) text += ` = ${JSON.stringify(value)}`;
  return `${text}: ${message}`;
}
