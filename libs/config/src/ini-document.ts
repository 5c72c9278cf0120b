import ini from 'ini';
import type { RawValue } from './convert-value.js';

export interface RawEntry {
  value: RawValue;
  /**
   * `ini` read the value as boolean `true`: a bare `key` line (no `=`), or `key = true`, which it
   * cannot tell apart. Errors mention the bare-key case, since it is the likelier mistake.
   */
  readAsTrue: boolean;
  /** Why the quotes in the value did not do what the user meant, when they did not. */
  quoteProblem: string | undefined;
}

/** What the file says, before any schema is applied. */
export interface IniDocument {
  /** Sections by name; dotted headers are flattened back: `[kafka.tls]` is `'kafka.tls'`. */
  sections: Map<string, Map<string, RawEntry>>;
  /** Keys written before the first section header, which `ini` puts at the top level. */
  outside: Map<string, RawEntry>;
}

/** Decodes INI text with the `ini` package and turns its loosely typed output into strings. */
export function readIni(text: string): IniDocument {
  // `ini` does not strip a byte-order mark: the first header would become a key "\uFEFF[kafka]".
  const decoded = ini.decode(text.replace(/^\uFEFF/, ''));
  const doc: IniDocument = { sections: new Map(), outside: new Map() };
  for (const [name, value] of Object.entries(decoded)) {
    if (isObject(value)) addSection(doc.sections, name, value);
    else doc.outside.set(name, toEntry(value));
  }
  return doc;
}

/** `ini` nests `[kafka.tls]` as `{ kafka: { tls: {...} } }`; this unnests it. */
function addSection(sections: IniDocument['sections'], name: string, object: object): void {
  const entries = sections.get(name) ?? new Map<string, RawEntry>();
  const children: [string, object][] = [];
  for (const [key, value] of Object.entries(object)) {
    if (isObject(value)) children.push([key, value]);
    else entries.set(key, toEntry(value));
  }
  // For `[kafka.tls]` alone, `ini` makes up an empty `kafka` to hold it. Only count a section the
  // user wrote, so that an optional [kafka] does not appear out of nowhere.
  if (entries.size > 0 || children.length === 0) sections.set(name, entries);
  for (const [key, child] of children) addSection(sections, `${name}.${key}`, child);
}

function toEntry(value: unknown): RawEntry {
  const text = Array.isArray(value) ? value.map(toText) : toText(value);
  const items = typeof text === 'string' ? [text] : text;
  return { value: text, readAsTrue: value === true, quoteProblem: items.map(quoteProblem).find((p) => p !== undefined) };
}

function quoteProblem(text: string): string | undefined {
  // `ini` only unquotes a value quoted end to end, so in `"a ; b" ; note` the comment makes
  // the quotes plain text and the value is cut at the first ";", leaving `"a`.
  if (/^(["'])(?!.*\1$)/s.test(text)) {
    return 'starts with a quote but does not end with one; a comment after a quoted value cuts it at the first ";" or "#" (put the comment on its own line)';
  }
  // `ini` unquotes "..." with JSON.parse and keeps the quotes when that fails, as for "C:\logs".
  if (/^".*"$/s.test(text)) {
    return 'is in double quotes that could not be removed: inside double quotes a backslash must be doubled (write "\\\\d+" for \\d+), or leave the quotes out';
  }
  return undefined;
}

/**
 * `ini` turns true/false/null into JSON values and runs single-quoted values through JSON.parse
 * ('123' becomes a number). The schema decides types, so everything goes back to text.
 */
function toText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
