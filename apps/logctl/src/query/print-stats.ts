import type { Output } from '../cli/output.js';
import { formatCount, renderTable } from '../cli/table.js';
import { formatSpan, type MatchStats } from './match-stats.js';

/** `query --stats`: the count, the time span, and the count per index and per host, most first. */
export function printStats(out: Output, stats: MatchStats, regex: string | undefined): void {
  const byCount = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (out.json) {
    out.data({
      total: stats.total,
      first: stats.first ?? null,
      last: stats.last ?? null,
      indices: Object.fromEntries(byCount(stats.perIndex)),
      hosts: Object.fromEntries(byCount(stats.perHost)),
    });
    return;
  }
  const span = stats.first && stats.last ? `, from ${stats.first} to ${stats.last} (${formatSpan(stats.first, stats.last)})` : '';
  out.line(`${out.colour.bold(formatCount(stats.total))} ${stats.total === 1 ? 'line matches' : 'lines match'}${regex === undefined ? '' : ` --regex ${JSON.stringify(regex)}`}${span}`);
  if (stats.total === 0) return;
  for (const [header, map] of [['INDEX', stats.perIndex], ['HOST', stats.perHost]] as const) {
    out.line('');
    out.write(renderTable(byCount(map), [{ header, value: ([name]) => name }, { header: 'LINES', value: ([, n]) => formatCount(n), align: 'right' }], out.colour));
  }
}
