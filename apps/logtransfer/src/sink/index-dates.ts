import type { IndexPatternPart } from '@logpipe/schemas';

/**
 * Reads the date back out of an index name made by a pattern, for retention: which day's (or
 * month's, or year's) documents an index holds. Built once per pattern.
 */
export class IndexDateReader {
  private readonly regex: RegExp;
  private readonly fields: ('yyyy' | 'MM' | 'dd')[] = [];

  constructor(parts: readonly IndexPatternPart[]) {
    let source = '^';
    for (const part of parts) {
      if (part.kind === 'text') source += escapeRegex(part.text);
      // Topics are lower-cased in index names; Kafka allows letters, digits, ".", "_" and "-".
      else if (part.kind === 'topic') source += '[a-z0-9._-]+';
      else {
        for (const piece of part.format.split(/(yyyy|MM|dd)/)) {
          if (piece === 'yyyy' || piece === 'MM' || piece === 'dd') {
            this.fields.push(piece);
            source += piece === 'yyyy' ? '(\\d{4})' : '(\\d{2})';
          } else {
            source += escapeRegex(piece);
          }
        }
      }
    }
    this.regex = new RegExp(source + '$');
  }

  /** Whether the pattern has a date at all; without one, an index cannot be aged by its name. */
  get dated(): boolean {
    return this.fields.includes('yyyy');
  }

  /**
   * The last UTC day (as `yyyy-MM-dd`) whose documents the index can hold: the day itself for a
   * daily index, the month's last day for `{yyyy.MM}`. Undefined when the name is not one the
   * pattern makes, or its date is not a real one.
   */
  lastDay(indexName: string): string | undefined {
    const match = this.regex.exec(indexName);
    if (!match || !this.dated) return undefined;
    const values: Partial<Record<'yyyy' | 'MM' | 'dd', number>> = {};
    for (const [i, field] of this.fields.entries()) {
      const value = Number(match[i + 1]);
      // The same field twice must agree, or the name is not the pattern's.
      if (values[field] !== undefined && values[field] !== value) return undefined;
      values[field] = value;
    }
    const year = values.yyyy!;
    const month = values.MM ?? 12;
    if (month < 1 || month > 12) return undefined;
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const day = values.dd ?? daysInMonth;
    if (day < 1 || day > daysInMonth) return undefined;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
