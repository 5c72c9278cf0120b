/**
 * The syntax of an index name pattern, `logs-{topic}-{yyyy.MM.dd}`, as `[elasticsearch] index`
 * and every route's `index` write it. Parsed here, once, so that the transfer, its config check
 * and logctl accept and refuse exactly the same patterns; the transfer compiles the parts into
 * its per-document namer.
 */
export type IndexPatternPart =
  | { kind: 'text'; text: string }
  /** The Kafka topic, lower-cased (index names cannot hold capitals). */
  | { kind: 'topic' }
  /** The event's UTC day: `yyyy`, `MM` and `dd` with any separators, e.g. `yyyy.MM.dd`. */
  | { kind: 'date'; format: string };

const PLACEHOLDER = /\{([^}]*)\}/g;
const DATE_FORMAT = /^(?:yyyy|MM|dd|[^A-Za-z{}])+$/;
/** What Elasticsearch refuses in an index name, besides capitals. */
const FORBIDDEN = /[\\/*?"<>| ,#:]/;

/**
 * @throws Error saying what is wrong and what would be valid; the message starts with the
 * pattern, so callers can put it after the config key.
 */
export function parseIndexPattern(pattern: string): IndexPatternPart[] {
  const fail = (problem: string): never => {
    throw new Error(`index pattern ${JSON.stringify(pattern)}: ${problem}`);
  };
  if (pattern.trim() === '') fail('is empty; write a name such as logs-{topic}-{yyyy.MM.dd}');
  const parts: IndexPatternPart[] = [];
  const text = (literal: string): void => {
    if (literal === '') return;
    if (/[{}]/.test(literal)) fail('has an unmatched brace; placeholders are {topic} and a date like {yyyy.MM.dd}');
    const bad = FORBIDDEN.exec(literal)?.[0];
    if (bad !== undefined) fail(`contains ${JSON.stringify(bad)}, which Elasticsearch does not allow in index names (nor \\ / * ? " < > | space , # :)`);
    if (literal !== literal.toLowerCase()) fail('has capital letters, which Elasticsearch does not allow in index names; write it in lower case');
    parts.push({ kind: 'text', text: literal });
  };
  let last = 0;
  for (const match of pattern.matchAll(PLACEHOLDER)) {
    text(pattern.slice(last, match.index));
    const name = match[1]!;
    if (name === 'topic') parts.push({ kind: 'topic' });
    else if (DATE_FORMAT.test(name) && /yyyy|MM|dd/.test(name)) {
      if (/[A-Za-z]/.test(name.replace(/yyyy|MM|dd/g, ''))) fail(`{${name}} mixes other letters into the date; use yyyy, MM and dd`);
      const bad = FORBIDDEN.exec(name)?.[0];
      if (bad !== undefined) fail(`{${name}} puts ${JSON.stringify(bad)} into the index name, which Elasticsearch does not allow`);
      parts.push({ kind: 'date', format: name });
    } else {
      fail(`unknown placeholder {${name}}; use {topic} or a date like {yyyy.MM.dd}`);
    }
    last = match.index + match[0].length;
  }
  text(pattern.slice(last));
  const first = parts[0];
  if (first?.kind === 'text' && /^[-_+.]/.test(first.text)) fail('starts with "-", "_", "+" or ".", which Elasticsearch reserves; start with a letter or digit');
  return parts;
}

/** Whether the pattern names one index per day (it has a date placeholder). */
export function hasDate(parts: readonly IndexPatternPart[]): boolean {
  return parts.some((part) => part.kind === 'date');
}

/** `logs-{topic}-{yyyy.MM.dd}` → `logs-*-*`: the index template pattern covering every name it makes. */
export function wildcardOf(parts: readonly IndexPatternPart[]): string {
  return parts.map((part) => (part.kind === 'text' ? part.text : '*')).join('').replace(/\*+/g, '*');
}
