import { isUtf8 } from 'node:buffer';
import { WIRE_FORMAT_VERSION } from '@logpipe/event';
import type { TopicRoute } from '../routes/route-table.js';
import type { MessageSource, PreparedDocument } from './to-document.js';

/**
 * A `plain` agent event's document, kept as byte ranges of the Kafka message it came in: the
 * event up to its id, `,"ingested":"…"`, the rest of the event up to its wire-only `logpipe`
 * tail, and `}`. The bulk body copies these bytes; nothing is decoded into a string and encoded
 * back. (Made from strings, a plain document cost a UTF-8 decode of the message, a string of
 * five parts that V8 flattened again, and a UTF-8 encode into the body: bench/README.md.)
 */
export class WireDocumentBody {
  constructor(
    private readonly wire: Buffer,
    private readonly from: number,
    private readonly to: number,
    /** Just after the `"` that ends the event id. */
    private readonly afterId: number,
    private readonly tailStart: number,
    private readonly ingested: Buffer,
    /** One event of a pack: its dead letter carries its own line, not the whole message. */
    readonly packed: boolean,
  ) {}

  get byteLength(): number {
    return this.tailStart - this.from + this.ingested.length + 1;
  }

  /** Writes the document's JSON at `at` (the caller made room for `byteLength`); returns the bytes written. */
  writeInto(target: Buffer, at: number): number {
    let end = at + this.wire.copy(target, at, this.from, this.afterId);
    end += this.ingested.copy(target, end);
    end += this.wire.copy(target, end, this.afterId, this.tailStart);
    target[end++] = 0x7d; // }
    return end - at;
  }

  /** The document's JSON as text: for tests and the benchmark's loader, never on the bulk path. */
  toString(): string {
    return this.wire.toString('utf8', this.from, this.afterId) + this.ingested.toString('latin1') + this.wire.toString('utf8', this.afterId, this.tailStart) + '}';
  }

  /** The event's own wire line. */
  line(): Buffer {
    return this.wire.subarray(this.from, this.to);
  }
}

/** The rest of a pack's line when the byte path does not take it; false when it is not an agent event. */
export type OtherLine = (line: string, packed: boolean) => boolean;

const HEAD = Buffer.from('{"@timestamp":"');
const MESSAGE = Buffer.from('","message":"');
const EVENT_ID = Buffer.from('","event":{"id":"');
const AFTER_ID = Buffer.from('"},"log":{');
const TAIL = Buffer.from(',"logpipe":{"v":');
const FORMAT = Buffer.from(',"format":"');
const PLAIN = Buffer.from('plain');
const NEWLINE = 0x0a;

/**
 * Whether a message's events can be cut as bytes: the route leaves the format to the events or
 * says `plain`. (Other formats need the line as a string for their parser: cut-events.ts.)
 */
export function wirePathApplies(route: TopicRoute): boolean {
  return route.format === undefined || route.format === 'plain';
}

/**
 * The byte path for a message of agent events when `[transform]` has nothing to do after
 * parsing: each `plain` event laid out as the agent lays it out (see wire-layout.ts, which reads
 * the same layout in a string) becomes a `WireDocumentBody`. Any other event of a pack, or one
 * that is not laid out so, is decoded and handed to `otherLine`, in its place. Returns false,
 * having added nothing, for a message the string path must read as a whole: one that is not
 * valid UTF-8 (the string path indexes U+FFFD there), a lone event the byte path does not take,
 * or a pack with a line that is not an agent event.
 */
export function appendWireDocuments(
  wire: Buffer,
  ingested: string,
  route: TopicRoute,
  source: MessageSource,
  out: PreparedDocument[],
  otherLine: OtherLine,
): boolean {
  if (!isUtf8(wire)) return false;
  const ingestedBytes = ingestedField(ingested);
  const anyFormat = route.format === 'plain';
  const firstBreak = wire.indexOf(NEWLINE);
  if (firstBreak < 0) return appendWireEvent(wire, 0, wire.length, 1, false, anyFormat, ingestedBytes, route, source, out);
  const start = out.length;
  for (let from = 0, to = firstBreak; from <= wire.length; from = to + 1, to = nextBreak(wire, from)) {
    if (appendWireEvent(wire, from, to, 2, true, anyFormat, ingestedBytes, route, source, out)) continue;
    if (otherLine(wire.toString('utf8', from, to), true)) continue;
    out.length = start;
    return false;
  }
  return true;
}

function nextBreak(wire: Buffer, from: number): number {
  const at = wire.indexOf(NEWLINE, from);
  return at < 0 ? wire.length : at;
}

/** One event at `wire[from, to)` as a `WireDocumentBody`; false, having added nothing, when it is not a plain event laid out as the agent lays it out. */
function appendWireEvent(
  wire: Buffer,
  from: number,
  to: number,
  minVersion: number,
  packed: boolean,
  anyFormat: boolean,
  ingested: Buffer,
  route: TopicRoute,
  source: MessageSource,
  out: PreparedDocument[],
): boolean {
  // `@timestamp` as the encoder writes it: toISOString(), 24 ASCII characters ending in Z.
  if (to - from < 64 || !startsWith(wire, from, HEAD) || wire[from + 38] !== 0x5a || !startsWith(wire, from + 39, MESSAGE) || !ascii(wire, from + 15, from + 39)) return false;
  const messageEnd = wire.indexOf(EVENT_ID, from + 52);
  if (messageEnd < 0 || messageEnd >= to) return false;
  const idFrom = messageEnd + EVENT_ID.length;
  const idEnd = wire.indexOf(0x22, idFrom);
  if (idEnd <= idFrom || idEnd >= to || !startsWith(wire, idEnd, AFTER_ID) || !plainId(wire, idFrom, idEnd)) return false;

  // The tail: `,"logpipe":{"v":<v>,"format":"<format>"}}`, ending the event.
  const tailStart = wire.lastIndexOf(TAIL, to - TAIL.length);
  if (tailStart < idEnd || tailStart < from) return false;
  const version = wire[tailStart + 16]! - 0x30;
  if (version < minVersion || version > WIRE_FORMAT_VERSION || !startsWith(wire, tailStart + 17, FORMAT)) return false;
  const formatFrom = tailStart + 28;
  const formatEnd = to - 3;
  if (formatEnd < formatFrom || wire[formatEnd] !== 0x22 || wire[to - 2] !== 0x7d || wire[to - 1] !== 0x7d) return false;
  if (anyFormat ? !unquoted(wire, formatFrom, formatEnd) : formatEnd - formatFrom !== PLAIN.length || !startsWith(wire, formatFrom, PLAIN)) return false;

  const timestamp = wire.toString('latin1', from + 15, from + 39);
  const body = new WireDocumentBody(wire, from, to, idEnd + 1, tailStart, ingested, packed);
  out.push({ index: route.indexName(timestamp), id: wire.toString('latin1', idFrom, idEnd), body, source });
  return true;
}

function startsWith(wire: Buffer, at: number, expected: Buffer): boolean {
  if (at + expected.length > wire.length) return false;
  for (let i = 0; i < expected.length; i++) if (wire[at + i] !== expected[i]) return false;
  return true;
}

function ascii(wire: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (wire[i]! >= 0x80) return false;
  return true;
}

/** An id the string path would take as it is: ASCII, without a backslash (its end is the first `"`). */
function plainId(wire: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = wire[i]!;
    if (byte >= 0x80 || byte === 0x5c) return false;
  }
  return true;
}

/** A format name with neither `"` nor `\`, as the string path requires. */
function unquoted(wire: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (wire[i] === 0x22 || wire[i] === 0x5c) return false;
  return true;
}

/** `,"ingested":"<time>"` as bytes; the time is the same for a whole batch, so the last one is kept. */
let lastIngested = '';
let lastIngestedBytes = Buffer.alloc(0);
function ingestedField(ingested: string): Buffer {
  if (ingested !== lastIngested) {
    lastIngestedBytes = Buffer.from(`,"ingested":"${ingested}"`);
    lastIngested = ingested;
  }
  return lastIngestedBytes;
}
