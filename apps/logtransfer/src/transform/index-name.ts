/**
 * Compiles an index pattern such as `logs-{topic}-{yyyy.MM.dd}` once into a function, so the
 * per-document work is string concatenation. Supported placeholders: `{topic}` and a date in
 * braces made of `yyyy`, `MM` and `dd` with any separators, taken from the event's UTC day.
 */
export type IndexNamer = (topic: string, isoTimestamp: string) => string;

const PLACEHOLDER = /\{([^}]+)\}/g;
const DATE_TOKENS = /yyyy|MM|dd/g;

export function compileIndexPattern(pattern: string): IndexNamer {
  const parts: ((topic: string, day: string[]) => string)[] = [];
  let last = 0;
  for (const match of pattern.matchAll(PLACEHOLDER)) {
    const literal = pattern.slice(last, match.index);
    parts.push(() => literal);
    const name = match[1]!;
    if (name === 'topic') parts.push((topic) => topic.toLowerCase());
    else if (/^(yyyy|MM|dd|[^A-Za-z])+$/.test(name) && /yyyy|MM|dd/.test(name)) {
      parts.push((_topic, [y, m, d]) => name.replace(DATE_TOKENS, (token) => (token === 'yyyy' ? y! : token === 'MM' ? m! : d!)));
    } else {
      throw new Error(`index pattern ${JSON.stringify(pattern)}: unknown placeholder {${name}}; use {topic} or a date like {yyyy.MM.dd}`);
    }
    last = match.index + match[0].length;
  }
  const tail = pattern.slice(last);
  parts.push(() => tail);
  return (topic, isoTimestamp) => {
    const day = utcDay(isoTimestamp);
    let name = '';
    for (const part of parts) name += part(topic, day);
    return name;
  };
}

/** [yyyy, MM, dd] of a timestamp in UTC; the common `…Z` form is sliced without a Date. */
function utcDay(iso: string): string[] {
  if (iso.length >= 20 && iso.charCodeAt(iso.length - 1) === 0x5a /* Z */ && iso[4] === '-') {
    return [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  }
  const date = new Date(iso);
  const valid = Number.isNaN(date.getTime()) ? new Date() : date;
  return [String(valid.getUTCFullYear()), String(valid.getUTCMonth() + 1).padStart(2, '0'), String(valid.getUTCDate()).padStart(2, '0')];
}
