import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MultilineJoiner } from './multiline-joiner.js';
import type { MultilineRule } from '@logpipe/targets';

type Event = { text: string; offset: number; flags?: string[] };

function join(rule: Partial<MultilineRule> & { pattern: RegExp }, lines: string[], maxBytes = 1 << 20) {
  const events: Event[] = [];
  const joiner = new MultilineJoiner({ negate: false, match: 'after', maxLines: 500, timeoutMs: 5000, ...rule }, maxBytes, (text, offset, flags) =>
    events.push(flags ? { text, offset, flags } : { text, offset }),
  );
  let offset = 0;
  for (const line of lines) {
    joiner.push(line, offset, undefined, 0);
    offset += Buffer.byteLength(line) + 1;
  }
  return { events, joiner };
}

const javaTrace = [
  '2026-11-24 21:00:00 ERROR request failed',
  'java.lang.IllegalStateException: boom',
  '\tat com.example.Service.handle(Service.java:42)',
  '\tat com.example.Server.run(Server.java:7)',
  'Caused by: java.io.IOException: disk',
  '\t... 2 more',
  '2026-11-24 21:00:01 INFO next request',
];

test('Java stack trace: lines not starting with a date join the line before (negate + after)', () => {
  const { events, joiner } = join({ pattern: /^\d{4}-\d{2}-\d{2} /, negate: true }, javaTrace);
  assert.deepEqual(events, [{ text: javaTrace.slice(0, 6).join('\n'), offset: 0, flags: ['multiline'] }]);
  const lastLineOffset = Buffer.byteLength(javaTrace.slice(0, 6).join('\n')) + 1;
  // The last line may start an event that continues: it waits, and the harvester must not
  // acknowledge past its first byte.
  assert.equal(joiner.pendingOffset, lastLineOffset);
  joiner.flush();
  assert.deepEqual(events[1], { text: javaTrace[6], offset: lastLineOffset });
  assert.equal(joiner.pendingOffset, undefined);
});

test('Python traceback: indented lines and the exception line join with pattern ^[\\s] + after', () => {
  const lines = ['Traceback (most recent call last):', '  File "app.py", line 3, in <module>', '    main()', 'ValueError: bad', 'next'];
  // Python's final "ValueError" line is not indented; Filebeat users match it with an
  // alternation, as here.
  const { events, joiner } = join({ pattern: /^(\s|\w+Error:)/ }, lines);
  joiner.flush();
  assert.deepEqual(events.map((e) => e.text), [lines.slice(0, 4).join('\n'), 'next']);
});

test('match before: a line ending in a backslash is continued by the next one', () => {
  const { events, joiner } = join({ pattern: /\\$/, match: 'before' }, ['a \\', 'b \\', 'c', 'd']);
  assert.deepEqual(events, [
    { text: 'a \\\nb \\\nc', offset: 0, flags: ['multiline'] },
    { text: 'd', offset: 10 },
  ]);
  assert.equal(joiner.pendingOffset, undefined);
});

test('max_lines keeps the first lines, drops the rest of the event and flags it', () => {
  const { events, joiner } = join({ pattern: /^\s/, maxLines: 3 }, ['start', ' 1', ' 2', ' 3', ' 4', 'next']);
  assert.deepEqual(events[0], { text: 'start\n 1\n 2', offset: 0, flags: ['truncated', 'multiline'] });
  joiner.flush();
  assert.equal(events[1]!.text, 'next');
});

test('the joined event never exceeds the byte limit', () => {
  const { events } = join({ pattern: /^\s/ }, ['12345', ' 678', ' 9', 'x'], 10);
  assert.deepEqual(events[0], { text: '12345\n 678', offset: 0, flags: ['truncated', 'multiline'] });
});

test('a pending event is emitted after the timeout with no new line', () => {
  const events: string[] = [];
  const joiner = new MultilineJoiner({ pattern: /^\s/, negate: false, match: 'after', maxLines: 10, timeoutMs: 1000 }, 1 << 20, (t) => events.push(t));
  joiner.push('head', 0, undefined, 10_000);
  joiner.push(' tail', 5, undefined, 10_500);
  joiner.flushIfIdle(11_400);
  assert.deepEqual(events, []);
  joiner.flushIfIdle(11_500);
  assert.deepEqual(events, ['head\n tail']);
});

test('flags of the joined lines carry over to the event', () => {
  const events: Event[] = [];
  const joiner = new MultilineJoiner({ pattern: /^\s/, negate: false, match: 'after', maxLines: 10, timeoutMs: 1000 }, 1 << 20, (text, offset, flags) =>
    events.push({ text, offset, flags: flags ?? [] }),
  );
  joiner.push('head', 0, undefined, 0);
  joiner.push(' bad \ufffd', 5, ['invalid_utf8'], 0);
  joiner.flush();
  assert.deepEqual(events[0]!.flags, ['invalid_utf8', 'multiline']);
});
