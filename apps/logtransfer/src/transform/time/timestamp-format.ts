import { MONTH_NAMES } from './civil-time.js';

/**
 * One way of writing a time, compiled once into two regular expressions: `search` finds it in a
 * line, `whole` checks a value that should be nothing else (a JSON field, a regex group). The
 * capture groups' positions are recorded in `groups`, so reading a match needs no closure.
 */
export interface TimestampFormat {
  /** As configured: a preset name or a pattern. */
  readonly name: string;
  readonly search: RegExp;
  readonly whole: RegExp;
  readonly groups: FormatGroups;
}

/** Capture group numbers; 0 when the format has no such field. */
export interface FormatGroups {
  year: number;
  month: number;
  monthName: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  fraction: number;
  offset: number;
  /** Epoch formats: the integer part, with `epochScale` milliseconds per unit. */
  epoch: number;
  epochScale: number;
}

const NO_GROUPS: FormatGroups = {
  year: 0, month: 0, monthName: 0, day: 0, hour: 0, minute: 0, second: 0, fraction: 0, offset: 0, epoch: 0, epochScale: 0,
};

/** Preset names, for the docs and the config error. */
export const TIMESTAMP_PRESETS = ['iso8601', 'rfc3339', 'httpdate', 'syslog', 'epoch_s', 'epoch_ms'] as const;

/** `[transform] timestamp_formats` when not set: what structured and server logs mostly write. */
export const DEFAULT_TIMESTAMP_FORMATS = ['iso8601', 'yyyy/MM/dd HH:mm:ss', 'httpdate', 'syslog'] as const;

const ISO_8601_SOURCE = '(\\d{4})-(\\d\\d)-(\\d\\d)[Tt ](\\d\\d):(\\d\\d)(?::(\\d\\d)(?:[.,](\\d{1,9}))?)?([Zz]|[+-]\\d\\d(?::?\\d\\d)?)?';
const ISO_8601_GROUPS: FormatGroups = { ...NO_GROUPS, year: 1, month: 2, day: 3, hour: 4, minute: 5, second: 6, fraction: 7, offset: 8 };

const PRESET_PATTERNS: Readonly<Record<string, string>> = {
  httpdate: 'dd/MMM/yyyy:HH:mm:ss Z',
  syslog: 'MMM d HH:mm:ss',
};

/** RFC 3339 and the common ISO-8601 variants: `T` or space, `.` or `,` before the fraction, any offset or none. */
export const ISO_8601: TimestampFormat = fromSource('iso8601', ISO_8601_SOURCE, ISO_8601_GROUPS, false);

/**
 * Compiles a preset name or a pattern. Pattern letters: `yyyy`, `MM`/`M`, `MMM` (Jan…Dec),
 * `dd`/`d` (`d` also takes syslog's space-padded day), `HH`/`H`, `mm`, `ss`, `S…` (fraction,
 * 1–9 digits; a `.` before it also matches `,`), `Z`/`X…` (`Z`, `+hhmm` or `+hh:mm`), `EEE`
 * (Mon…Sun, skipped), and `[…]` for an optional part. Other letters must be quoted: `'T'`.
 * @throws Error saying what is wrong with the pattern.
 */
export function compileTimestampFormat(name: string): TimestampFormat {
  if (name === 'iso8601' || name === 'rfc3339') return { ...ISO_8601, name };
  if (name === 'epoch_s') return fromSource(name, '(\\d{10})(?:\\.(\\d{1,9}))?', { ...NO_GROUPS, epoch: 1, fraction: 2, epochScale: 1000 }, true);
  if (name === 'epoch_ms') return fromSource(name, '(\\d{13})', { ...NO_GROUPS, epoch: 1, epochScale: 1 }, true);
  const pattern = PRESET_PATTERNS[name] ?? name;
  const { source, groups } = compilePattern(pattern);
  return fromSource(name, source, groups, false);
}

/**
 * Epoch numbers are found only at the start of a line: anywhere else a 10-digit number is far
 * more likely an id than a time. Other formats may sit anywhere in the searched head, but not
 * inside a longer run of digits.
 */
function fromSource(name: string, source: string, groups: FormatGroups, lineStartOnly: boolean): TimestampFormat {
  return {
    name,
    search: new RegExp((lineStartOnly ? '^' : '(?<![0-9])') + source + '(?![0-9])'),
    whole: new RegExp('^' + source + '$'),
    groups,
  };
}

const TOKEN_LETTERS = /[A-Za-z]/;

function compilePattern(pattern: string): { source: string; groups: FormatGroups } {
  const groups: FormatGroups = { ...NO_GROUPS };
  let source = '';
  let group = 0;
  let optionalDepth = 0;
  let i = 0;
  const capture = (field: Exclude<keyof FormatGroups, 'epochScale'>, regex: string): void => {
    if (groups[field] !== 0) throw new Error(`${JSON.stringify(pattern)} has the ${field} twice`);
    groups[field] = ++group;
    source += `(${regex})`;
  };
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) throw new Error(`${JSON.stringify(pattern)} has an unclosed quote`);
      source += end === i + 1 ? "'" : escapeRegex(pattern.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (char === '[' || char === ']') {
      optionalDepth += char === '[' ? 1 : -1;
      if (optionalDepth < 0) throw new Error(`${JSON.stringify(pattern)} has a "]" without "["`);
      source += char === '[' ? '(?:' : ')?';
      i++;
      continue;
    }
    if (!TOKEN_LETTERS.test(char)) {
      source += escapeRegex(char);
      i++;
      continue;
    }
    let end = i + 1;
    while (pattern[end] === char) end++;
    const token = pattern.slice(i, end);
    i = end;
    switch (token) {
      case 'yyyy': capture('year', '\\d{4}'); break;
      case 'M': capture('month', '\\d\\d?'); break;
      case 'MM': capture('month', '\\d\\d'); break;
      case 'MMM': capture('monthName', MONTH_NAMES); break;
      case 'd': capture('day', '\\d\\d?| \\d'); break;
      case 'dd': capture('day', '\\d\\d'); break;
      case 'H': capture('hour', '\\d\\d?'); break;
      case 'HH': capture('hour', '\\d\\d'); break;
      case 'mm': capture('minute', '\\d\\d'); break;
      case 'ss': capture('second', '\\d\\d'); break;
      case 'EEE': source += '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'; break;
      case 'T': source += 'T'; break;
      default:
        if (char === 'S') {
          // log4j writes `,SSS`, most others `.SSS`: a dot before the fraction takes either.
          if (source.endsWith('\\.')) source = source.slice(0, -2) + '[.,]';
          capture('fraction', '\\d{1,9}');
        } else if (char === 'Z' || char === 'X') {
          capture('offset', '[Zz]|[+-]\\d\\d(?::?\\d\\d)?');
        } else {
          throw new Error(`${JSON.stringify(pattern)}: unknown pattern letters "${token}"; quote literal text like 'T'`);
        }
    }
  }
  if (optionalDepth !== 0) throw new Error(`${JSON.stringify(pattern)} has a "[" without "]"`);
  if ((groups.month === 0 && groups.monthName === 0) || groups.day === 0 || groups.hour === 0 || groups.minute === 0) {
    throw new Error(`${JSON.stringify(pattern)} needs at least a month (MM or MMM), a day (dd), hours (HH) and minutes (mm)`);
  }
  return { source, groups };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
