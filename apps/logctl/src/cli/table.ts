import { NO_COLOUR, visibleLength, type Colour } from './colour.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
  /** Styles a cell after it was measured, so colour codes never skew the widths. */
  style?: (text: string, row: T) => string;
}

/**
 * A plain-text table: a header row, then one row per item, columns two spaces apart. The last
 * column is not padded and lines are trimmed, so they carry no trailing spaces. Cells never contain newlines (they
 * are replaced by spaces) so that one row stays one line.
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], colour: Colour = NO_COLOUR): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row).replace(/\r?\n/g, ' ')));
  const widths = columns.map((column, i) => Math.max(visibleLength(column.header), ...cells.map((row) => visibleLength(row[i]!))));
  const line = (texts: string[], styleCell: (text: string, i: number) => string) =>
    texts
      .map((text, i) => {
        const last = i === texts.length - 1;
        const padding = ' '.repeat(widths[i]! - visibleLength(text));
        const styled = styleCell(text, i);
        if (columns[i]!.align === 'right') return padding + styled;
        return last ? styled : styled + padding;
      })
      .join('  ')
      .trimEnd();
  const header = line(columns.map((c) => c.header), (text) => colour.bold(text));
  const body = cells.map((texts, r) => line(texts, (text, i) => columns[i]!.style?.(text, rows[r]!) ?? text));
  return [header, ...body].join('\n') + '\n';
}

/** 1234567 → "1,234,567": counts an operator reads at a glance. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
