import { normalizeLevel } from '../fields/log-level.js';

/**
 * Finds the level of an unstructured line, in the order the alternatives are written:
 * a `level=`/`lvl=`/`severity=` field (logfmt; the value in any case), an upper-case token on word boundaries
 * (`ERROR`, `WARN`, `INFO`, …, as log4j, logback and Python's logging write them), or a
 * lower-case one in brackets (`[warn]`, nginx and Apache style). The leftmost wins.
 *
 * Bare lower-case words are not levels: "no error found" is not an error line.
 */
const LEVEL = new RegExp(
  '(?:\\b(?:level|Level|LEVEL|lvl|severity|Severity|SEVERITY)=["\']?([A-Za-z]+)' +
    '|(?<![A-Za-z0-9_])(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|CRIT|CRITICAL|ALERT|EMERG|FATAL|PANIC)(?![A-Za-z0-9_])' +
    '|\\[(trace|debug|info|notice|warn|warning|error|crit|critical|alert|emerg|fatal)\\])',
);

/** `text` must already be limited to the head of the line: a level further in is message content. */
export function detectLevel(text: string): string | undefined {
  const m = LEVEL.exec(text);
  if (m === null) return undefined;
  return normalizeLevel(m[1] ?? m[2] ?? m[3]!);
}
