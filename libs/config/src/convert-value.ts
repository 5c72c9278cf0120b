import { ADDRESS_FORMAT, isAddress } from './address.js';
import { HOST_PORT_FORMAT, hostPortProblem, urlFormat, urlProblem } from './endpoints.js';
import type { EnumKeySpec, IntegerKeySpec, KeySpec, ListItems, ListKeySpec, StringKeySpec } from './schema.js';
import { closest } from './suggest.js';
import { BYTES_FORMAT, DURATION_FORMAT, parseBytes, parseDuration } from './units.js';

/** A value before conversion: one string, or the items of `key[] = item` lines. */
export type RawValue = string | readonly string[];

/** Either the typed value, or what would have been valid ("must be ..."). */
export type Conversion = { ok: true; value: unknown } | { ok: false; reason: string };

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true, yes: true, on: true, '1': true,
  false: false, no: false, off: false, '0': false,
};

/**
 * The longest duration any key takes: Node.js timers cannot wait longer than 2^31-1 ms (24.8
 * days), and a longer one fires after 1 ms instead, so "30d" would mean "at once".
 */
export const MAX_DURATION = '24d';

/** Whether a value as written is empty: `key =`, only spaces, or a list of no items. */
export function isEmptyRaw(raw: RawValue): boolean {
  return typeof raw === 'string' ? raw.split(',').every((item) => item.trim() === '') : raw.every((item) => item.trim() === '');
}

/** Converts and validates one value against its spec. */
export function convertValue(spec: KeySpec, raw: RawValue): Conversion {
  if (spec.type === 'list') return convertList(spec, typeof raw === 'string' ? raw.split(',') : raw);
  if (typeof raw !== 'string') {
    return fail(`takes one value (${describeType(spec)}), but was written as a list with "[]"; write "key = value" once`);
  }
  // Strings keep their spaces: ini only leaves them when the user quoted the value on purpose.
  const text = spec.type === 'string' ? raw : raw.trim();
  switch (spec.type) {
    case 'string':
      return convertString(spec, text);
    case 'integer':
      return convertInteger(spec, text);
    case 'boolean': {
      const value = BOOLEANS[text.toLowerCase()];
      return value === undefined ? fail('must be true or false (yes/no, on/off and 1/0 work too)') : ok(value);
    }
    case 'duration':
      return convertMeasured(text, parseDuration, 'a duration', DURATION_FORMAT, spec.min, spec.max ?? MAX_DURATION);
    case 'bytes':
      return convertMeasured(text, parseBytes, 'a size', BYTES_FORMAT, spec.min, spec.max);
    case 'enum':
      return convertEnum(spec, text);
    case 'address':
      return isAddress(text) ? ok(text) : fail(`must be an address: ${ADDRESS_FORMAT}`);
  }
}

/** What a key takes, in words: "an integer from 1 to 65535". */
export function describeType(spec: KeySpec): string {
  switch (spec.type) {
    case 'string':
      return spec.patternHint ?? (spec.pattern ? `a string matching ${String(spec.pattern)}` : 'a string');
    case 'integer':
      return `an integer${describeRange(spec.min, spec.max)}`;
    case 'boolean':
      return 'true or false';
    case 'duration':
      return `a duration${describeRange(spec.min, spec.max ?? MAX_DURATION)}`;
    case 'bytes':
      return `a size${describeRange(spec.min, spec.max)}`;
    case 'list':
      if (spec.items) return `a comma-separated list of ${describeItems(spec.items)}`;
      return `a comma-separated list${spec.patternHint ? ` of ${spec.patternHint}` : ''}`;
    case 'enum':
      return `one of: ${describeEnum(spec)}`;
    case 'address':
      return 'an address "host:port" or ":port"';
  }
}

function convertString(spec: StringKeySpec, text: string): Conversion {
  if (spec.pattern && !matchesWhole(spec.pattern, text)) return fail(`must be ${describeType(spec)}`);
  return ok(text);
}

function convertInteger(spec: IntegerKeySpec, text: string): Conversion {
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  const inRange = (spec.min === undefined || value >= spec.min) && (spec.max === undefined || value <= spec.max);
  return Number.isSafeInteger(value) && inRange ? ok(value) : fail(`must be ${describeType(spec)}`);
}

/** Durations and sizes: parse with units, then check the bounds, which use the same notation. */
function convertMeasured(
  text: string,
  parse: (text: string) => number | undefined,
  noun: string,
  format: string,
  min: string | undefined,
  max: string | undefined,
): Conversion {
  const value = parse(text);
  if (value === undefined) return fail(`must be ${noun}: ${format}`);
  const low = min === undefined ? undefined : parse(min);
  const high = max === undefined ? undefined : parse(max);
  if ((low !== undefined && value < low) || (high !== undefined && value > high)) {
    return fail(`must be ${noun}${describeRange(min, max)}`);
  }
  return ok(value);
}

function convertEnum(spec: EnumKeySpec, text: string): Conversion {
  if (spec.values.includes(text)) return ok(text);
  const alias = spec.aliases?.[text];
  if (alias !== undefined) return ok(alias);
  const guess = closest(text, [...spec.values, ...Object.keys(spec.aliases ?? {})]);
  return fail(`must be one of: ${describeEnum(spec)}${guess === undefined ? '' : `; did you mean \`${guess}\`?`}`);
}

function convertList(spec: ListKeySpec, items: readonly string[]): Conversion {
  const list = items.map((item) => item.trim()).filter((item) => item !== '');
  const { pattern } = spec;
  const bad = pattern ? list.filter((item) => !matchesWhole(pattern, item)) : [];
  if (bad.length > 0) {
    const what = spec.patternHint ?? `strings matching ${String(pattern)}`;
    return fail(`must be a list of ${what}; not valid: ${bad.map((item) => JSON.stringify(item)).join(', ')}`);
  }
  const kind = spec.items;
  if (kind) {
    const problems = list.flatMap((item) => {
      const problem = itemProblem(kind, item);
      return problem === undefined ? [] : [`${JSON.stringify(item)} (${problem})`];
    });
    if (problems.length > 0) return fail(`must be a list of ${describeItems(kind)}; not valid: ${problems.join(', ')}`);
  }
  return ok(list);
}

function itemProblem(items: ListItems, item: string): string | undefined {
  return items.kind === 'host-port' ? hostPortProblem(item) : urlProblem(item, items.schemes);
}

function describeItems(items: ListItems): string {
  return items.kind === 'host-port' ? `addresses ${HOST_PORT_FORMAT}` : urlFormat(items.schemes);
}

/** "all, 1, 0 (-1 means all)" */
function describeEnum(spec: EnumKeySpec): string {
  const aliases = Object.entries(spec.aliases ?? {}).map(([alias, value]) => `${alias} means ${value}`);
  return spec.values.join(', ') + (aliases.length > 0 ? ` (${aliases.join(', ')})` : '');
}

function describeRange(min: number | string | undefined, max: number | string | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** Patterns must match the whole value: `/[a-z]+/` accepting "abc; rm -rf" would be a surprise. */
export function matchesWhole(pattern: RegExp, text: string): boolean {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, '')).test(text);
}

function ok(value: unknown): Conversion {
  return { ok: true, value };
}

function fail(reason: string): Conversion {
  return { ok: false, reason };
}

/** A spec's default in the form a file would give it, so defaults go through the same checks. */
export function defaultAsRaw(spec: KeySpec): RawValue | undefined {
  if (spec.default === undefined) return undefined;
  return typeof spec.default === 'string' || Array.isArray(spec.default) ? spec.default : String(spec.default);
}
