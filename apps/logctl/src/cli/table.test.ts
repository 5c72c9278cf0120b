import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSI, colourFor, NO_COLOUR, visibleLength } from './colour.js';
import { formatBytes, formatCount, renderTable } from './table.js';

const rows = [
  { name: 'web-1', files: 3, note: '' },
  { name: 'db-primary', files: 12, note: 'slow' },
];
const columns = [
  { header: 'NAME', value: (r: (typeof rows)[number]) => r.name },
  { header: 'FILES', value: (r: (typeof rows)[number]) => String(r.files), align: 'right' as const },
  { header: 'NOTE', value: (r: (typeof rows)[number]) => r.note },
];

test('columns are as wide as their widest cell, numbers right-aligned, no trailing spaces', () => {
  assert.equal(renderTable(rows, columns), ['NAME        FILES  NOTE', 'web-1           3', 'db-primary     12  slow', ''].join('\n'));
});

test('colour codes do not count towards the widths', () => {
  const colour = colourFor({ isTTY: true }, {});
  const styled = renderTable(rows, [{ ...columns[0]!, style: (text: string) => colour.red(text) }, columns[1]!], colour);
  const plain = renderTable(rows, [columns[0]!, columns[1]!]);
  assert.notEqual(styled, plain);
  assert.equal(styled.replace(ANSI, ''), plain);
});

test('a cell with a newline stays on its row', () => {
  assert.equal(renderTable([{ a: 'x\ny' }], [{ header: 'A', value: (r: { a: string }) => r.a }]), 'A\nx y\n');
});

test('colour only on a terminal, and never with NO_COLOR or TERM=dumb', () => {
  assert.equal(colourFor({ isTTY: false }, {}).enabled, false);
  assert.equal(colourFor({ isTTY: true }, {}).enabled, true);
  assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '1' }).enabled, false);
  assert.equal(colourFor({ isTTY: true }, { NO_COLOR: '' }).enabled, true);
  assert.equal(colourFor({ isTTY: true }, { TERM: 'dumb' }).enabled, false);
  assert.equal(NO_COLOUR.red('x'), 'x');
  assert.equal(visibleLength('\x1b[31mäö\x1b[39m'), 2);
});

test('counts and bytes read at a glance', () => {
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MiB');
});
