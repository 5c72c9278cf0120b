import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventPacker } from './event-packer.js';
import { FileEventEncoder } from './encoder.js';
import { unpackMessage } from './decoder.js';
import { MAX_PACK_CHARS } from './wire-format.js';

const encoder = new FileEventEncoder({
  fileKey: 'k3Jd9x0aQ1mPz8Yw',
  path: '/var/log/app.log',
  hostName: 'web-1',
  agent: { name: 'web-1', id: 'a1', version: '0.1.0' },
  format: 'plain',
});
const TIME = '2026-11-24T21:00:00.000Z';

function packer(maxEvents: number, maxChars?: number): { packer: EventPacker; packs: { value: string; events: number }[] } {
  const packs: { value: string; events: number }[] = [];
  return { packer: new EventPacker({ maxEvents, maxChars }, (value, events) => packs.push({ value, events })), packs };
}

/** The messages and event ids of every event in `value`, which must all be agent events. */
function unpack(value: string): { message: string; id: string; text: string }[] {
  return unpackMessage(value).map((decoded) => {
    assert.equal(decoded.kind, 'agent', `not an agent event: ${decoded.text}`);
    return { message: decoded.event.message, id: decoded.event.event.id, text: decoded.text };
  });
}

test('events are packed in order up to events_per_message, and flush() sends the rest', () => {
  const { packer: p, packs } = packer(3);
  const events = ['a', 'b', 'c', 'd', 'e'].map((line, i) => encoder.encode(line, i * 2, TIME));
  for (const event of events) p.add(event);
  assert.equal(packs.length, 1, 'a full pack goes at once');
  assert.equal(p.pending, 2);
  p.flush();
  p.flush();
  assert.deepEqual(packs.map((pack) => pack.events), [3, 2]);
  assert.deepEqual(packs.map((pack) => unpack(pack.value).map((e) => e.message)), [['a', 'b', 'c'], ['d', 'e']]);
  assert.deepEqual(unpack(packs[0]!.value).map((e) => e.text), events.slice(0, 3), "each event's own JSON line");
  assert.equal(packs[0]!.value, events.slice(0, 3).join('\n'), 'NDJSON without a final newline');
});

test('line feeds, carriage returns and separators inside a message stay inside its event', () => {
  const { packer: p, packs } = packer(10);
  const lines = ['first\nsecond\r\nthird\r', '\n', '\r', 'u2028 \u2028 u2029 \u2029 nul \u0000', ''];
  lines.forEach((line, i) => p.add(encoder.encode(line, i * 100, TIME, line.includes('\n') ? ['multiline'] : undefined)));
  p.flush();
  assert.equal(packs.length, 1);
  assert.equal(packs[0]!.value.split('\n').length, lines.length, 'only the separators are raw line feeds');
  assert.deepEqual(unpack(packs[0]!.value).map((e) => e.message), lines);
  assert.deepEqual(unpack(packs[0]!.value).map((e) => e.id), lines.map((_, i) => `k3Jd9x0aQ1mPz8Yw-${i * 100}`));
});

test('a pack exactly at the character cap holds; one character more starts a new pack', () => {
  const event = encoder.encode('x', 0, TIME);
  const cap = event.length * 3 + 2; // three events and two separators
  const exact = packer(100, cap);
  for (let i = 0; i < 4; i++) exact.packer.add(event);
  exact.packer.flush();
  assert.deepEqual(exact.packs.map((pack) => [pack.events, pack.value.length]), [[3, cap], [1, event.length]]);

  const under = packer(100, cap - 1);
  for (let i = 0; i < 4; i++) under.packer.add(event);
  under.packer.flush();
  assert.deepEqual(under.packs.map((pack) => pack.events), [2, 2]);
  for (const pack of [...exact.packs, ...under.packs]) assert.ok(pack.value.length <= cap);
});

test('an event larger than the cap goes alone, between the packs around it', () => {
  const { packer: p, packs } = packer(100, 2000);
  const small = encoder.encode('small', 0, TIME);
  const big = encoder.encode('B'.repeat(5000), 10, TIME);
  p.add(small);
  p.add(big);
  p.add(small);
  p.flush();
  assert.deepEqual(packs.map((pack) => pack.events), [1, 1, 1]);
  assert.equal(packs[1]!.value, big);
  assert.deepEqual(unpack(packs[1]!.value).map((e) => e.message.length), [5000]);
});

test('the default cap keeps any pack under the broker\'s 1 MiB, even in 3-byte UTF-8', () => {
  const { packer: p, packs } = packer(1_000_000);
  const event = encoder.encode('€'.repeat(1000), 0, TIME);
  for (let i = 0; i < 1000; i++) p.add(event);
  p.flush();
  assert.ok(packs.length > 1);
  for (const pack of packs) {
    assert.ok(pack.value.length <= MAX_PACK_CHARS);
    assert.ok(Buffer.byteLength(pack.value) < 1024 * 1024, `${Buffer.byteLength(pack.value)} bytes`);
  }
  assert.equal(packs.reduce((sum, pack) => sum + pack.events, 0), 1000);
});

test('events_per_message = 1 sends every event alone, as v1 did', () => {
  const { packer: p, packs } = packer(1);
  p.add(encoder.encode('a', 0, TIME));
  p.add(encoder.encode('b', 2, TIME));
  assert.deepEqual(packs.map((pack) => pack.events), [1, 1]);
  assert.equal(p.pending, 0);
});
