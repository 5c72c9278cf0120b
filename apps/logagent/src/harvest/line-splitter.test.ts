import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from './line-splitter.js';
import type { LineFlag } from '@logpipe/event';

type Seen = { text: string; offset: number; flags?: LineFlag[] };

function split(chunks: (string | Buffer)[], maxLineBytes = 1024, startOffset = 0): { lines: Seen[]; splitter: LineSplitter } {
  const lines: Seen[] = [];
  const splitter = new LineSplitter(maxLineBytes, (text, offset, flags) => lines.push(flags ? { text, offset, flags } : { text, offset }), startOffset);
  let offset = startOffset;
  for (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    splitter.push(bytes, offset);
    offset += bytes.length;
  }
  return { lines, splitter };
}

test('splits on \\n, strips a trailing \\r, and reports byte offsets', () => {
  const { lines, splitter } = split(['a\r\nbé\n\nlast']);
  assert.deepEqual(lines, [
    { text: 'a', offset: 0 },
    { text: 'bé', offset: 3 },
    { text: '', offset: 7 },
  ]);
  assert.equal(splitter.committedOffset, 8);
});

test('a line spanning reads is joined, and a final line waits for its newline', () => {
  const { lines, splitter } = split(['hel', 'lo wo', 'rld\nnext'], 1024, 100);
  assert.deepEqual(lines, [{ text: 'hello world', offset: 100 }]);
  assert.equal(splitter.committedOffset, 112);
  assert.equal(splitter.flushPartial(), 116);
  assert.deepEqual(lines[1], { text: 'next', offset: 112 });
});

test('a line longer than max_line_bytes is truncated and flagged, and the next line is intact', () => {
  const { lines, splitter } = split(['0123456789', 'abcdef\nok\n'], 4);
  assert.deepEqual(lines, [
    { text: '0123', offset: 0, flags: ['truncated'] },
    { text: 'ok', offset: 17 },
  ]);
  assert.equal(splitter.committedOffset, 20);
});

test('a long line inside one read is truncated too', () => {
  const { lines } = split(['0123456789\n'], 4);
  assert.deepEqual(lines, [{ text: '0123', offset: 0, flags: ['truncated'] }]);
});

test('truncation in the middle of a multi-byte character is not reported as invalid UTF-8', () => {
  const { lines } = split(['aé\n'], 2);
  assert.equal(lines[0]?.flags?.join(), 'truncated');
});

test('invalid UTF-8 becomes replacement characters and is flagged; binary does not throw', () => {
  const { lines } = split([Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x00, 0x01, 0xc3, 0x0a, 0x6f, 0x6b, 0x0a])]);
  assert.deepEqual(lines, [
    { text: 'a\ufffdb', offset: 0, flags: ['invalid_utf8'] },
    { text: '\u0000\u0001\ufffd', offset: 4, flags: ['invalid_utf8'] },
    { text: 'ok', offset: 8 },
  ]);
});

test('reset starts over at the given offset after a truncation', () => {
  const { lines, splitter } = split(['abc\npartial']);
  splitter.reset(0);
  splitter.push(Buffer.from('new\n'), 0);
  assert.deepEqual(lines.map((l) => [l.text, l.offset]), [['abc', 0], ['new', 0]]);
  assert.equal(splitter.committedOffset, 4);
});
