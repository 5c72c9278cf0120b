import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LineFlag } from '@logpipe/event';
import { ContainerLineJoiner } from './container-line-joiner.js';

interface Emitted {
  text: string;
  offset: number;
  flags: LineFlag[] | undefined;
  time: string | undefined;
  stream: string | undefined;
}

function joiner(runtime: 'cri' | 'docker', maxBytes = 1 << 20, partialTimeoutMs = 1000): { joiner: ContainerLineJoiner; out: Emitted[] } {
  const out: Emitted[] = [];
  return { joiner: new ContainerLineJoiner({ runtime, contentFormat: 'plain', partialTimeoutMs }, maxBytes, (text, offset, flags, time, stream) => out.push({ text, offset, flags, time, stream })), out };
}

const T = '2026-12-03T10:00:00.000000000Z';

test('CRI partial lines are joined with the line that ends them, per stream, with the first part\'s offset and time', () => {
  const { joiner: j, out } = joiner('cri');
  j.push(`${T} stdout P aaa`, 0, undefined, 0);
  assert.equal(j.pendingOffset, 0);
  j.push('2026-12-03T10:00:01.000Z stderr F an error in between', 40, undefined, 0);
  j.push('2026-12-03T10:00:02.000Z stdout P bbb', 90, undefined, 0);
  j.push('2026-12-03T10:00:03.000Z stdout F ccc', 130, undefined, 0);
  assert.equal(j.pendingOffset, undefined);
  assert.deepEqual(out, [
    { text: 'an error in between', offset: 40, flags: undefined, time: '2026-12-03T10:00:01.000Z', stream: 'stderr' },
    { text: 'aaabbbccc', offset: 0, flags: undefined, time: '2026-12-03T10:00:00.000Z', stream: 'stdout' },
  ]);
});

test('docker partial lines join too; a malformed line goes as it is, flagged, without holding back the others', () => {
  const { joiner: j, out } = joiner('docker');
  j.push('{"log":"one ","stream":"stdout","time":"2026-12-03T10:00:00Z"}', 0, undefined, 0);
  j.push('garbage', 70, ['invalid_utf8'], 0);
  j.push('{"log":"two\\n","stream":"stdout","time":"2026-12-03T10:00:01Z"}', 80, undefined, 0);
  assert.deepEqual(out, [
    { text: 'garbage', offset: 70, flags: ['invalid_utf8', 'malformed'], time: undefined, stream: undefined },
    { text: 'one two', offset: 0, flags: undefined, time: '2026-12-03T10:00:00.000Z', stream: 'stdout' },
  ]);
});

test('a partial line is not held forever: after partial_timeout it goes as it is, flagged partial', () => {
  const { joiner: j, out } = joiner('cri', 1 << 20, 1000);
  j.push(`${T} stdout P waiting`, 0, undefined, 5000);
  j.flushIfIdle(5999);
  assert.equal(out.length, 0);
  j.flushIfIdle(6000);
  assert.deepEqual(out, [{ text: 'waiting', offset: 0, flags: ['partial'], time: '2026-12-03T10:00:00.000Z', stream: 'stdout' }]);
  assert.equal(j.pendingOffset, undefined);
  j.push(`${T} stderr P closing`, 50, undefined, 0);
  j.flush();
  assert.deepEqual(out[1], { text: 'closing', offset: 50, flags: ['partial'], time: '2026-12-03T10:00:00.000Z', stream: 'stderr' });
});

test('a joined line longer than max_line_bytes is cut there and flagged truncated, and the next line is whole', () => {
  const { joiner: j, out } = joiner('cri', 10);
  j.push(`${T} stdout P 123456`, 0, undefined, 0);
  j.push(`${T} stdout P 789abc`, 40, undefined, 0);
  j.push(`${T} stdout F def`, 80, undefined, 0);
  j.push(`${T} stdout F next`, 120, undefined, 0);
  assert.deepEqual(out.map(({ text, flags }) => ({ text, flags })), [
    { text: '123456789a', flags: ['truncated'] },
    { text: 'next', flags: undefined },
  ]);
});
