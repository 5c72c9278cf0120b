import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCriLine, readDockerLine, type FramedLine } from './container-framing.js';

const read = (reader: typeof readCriLine, line: string): FramedLine | undefined => {
  const into: FramedLine = { content: '', time: '', stream: '', partial: false };
  return reader(line, into) ? { ...into } : undefined;
};

test('CRI lines: time cut to milliseconds, stream, the P and F tags, content kept as written', () => {
  assert.deepEqual(read(readCriLine, '2026-12-03T10:00:00.123456789Z stdout F GET / 200'), { content: 'GET / 200', time: '2026-12-03T10:00:00.123Z', stream: 'stdout', partial: false });
  assert.deepEqual(read(readCriLine, '2026-12-03T10:00:00.5Z stderr P  two  spaces '), { content: ' two  spaces ', time: '2026-12-03T10:00:00.500Z', stream: 'stderr', partial: true });
  assert.deepEqual(read(readCriLine, '2026-12-03T11:00:00.123456+01:00 stdout F:x tagged'), { content: 'tagged', time: '2026-12-03T10:00:00.123Z', stream: 'stdout', partial: false });
  assert.deepEqual(read(readCriLine, '2026-12-03T10:00:00Z stdout F'), { content: '', time: '2026-12-03T10:00:00.000Z', stream: 'stdout', partial: false });
  assert.deepEqual(read(readCriLine, '2026-12-03T10:00:00.000000001Z stdout F '), { content: '', time: '2026-12-03T10:00:00.000Z', stream: 'stdout', partial: false });
});

test('lines without CRI framing are refused', () => {
  for (const line of ['', 'plain text', '2026-12-03T10:00:00Z stdin F x', '2026-12-03T10:00:00Z stdout X x', '2026-12-03T10:00:00Z stdout FF x', 'yesterday stdout F x', '2026-12-03 stdout F x', '2026-12-03T10:00:00Z stdout']) {
    assert.equal(read(readCriLine, line), undefined, line);
  }
});

test('json-file lines: a log without its newline is partial; CRLF is taken off too', () => {
  assert.deepEqual(read(readDockerLine, '{"log":"hello\\n","stream":"stdout","time":"2026-12-03T10:00:00.123456789Z"}'), { content: 'hello', time: '2026-12-03T10:00:00.123Z', stream: 'stdout', partial: false });
  assert.deepEqual(read(readDockerLine, '{"log":"part","stream":"stderr","time":"2026-12-03T10:00:00.1Z"}'), { content: 'part', time: '2026-12-03T10:00:00.100Z', stream: 'stderr', partial: true });
  assert.deepEqual(read(readDockerLine, '{"log":"dos\\r\\n","stream":"stdout","time":"2026-12-03T10:00:00.000Z"}')?.content, 'dos');
  for (const line of ['{"log":5,"stream":"stdout","time":"2026-12-03T10:00:00Z"}', '{"log":"x\\n","time":"2026-12-03T10:00:00Z"}', '{"log":"x\\n","stream":"stdout","time":"soon"}', '{broken', 'text']) {
    assert.equal(read(readDockerLine, line), undefined, line);
  }
});
