import { isUtf8 } from 'node:buffer';
import type { LineFlag } from '@logpipe/event';

export type LineHandler = (text: string, offset: number, flags: LineFlag[] | undefined) => void;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const TRUNCATED: LineFlag[] = ['truncated'];
const INVALID_UTF8: LineFlag[] = ['invalid_utf8'];
const TRUNCATED_INVALID_UTF8: LineFlag[] = ['truncated', 'invalid_utf8'];

/**
 * Cuts a file's bytes into lines and knows each line's byte offset, which is what the registry
 * and the event ids are built on.
 *
 * This is the agent's hot path: it scans with `indexOf` (native memchr), decodes each line
 * straight from the read buffer, and copies bytes only for a line that spans two reads. UTF-8
 * validity is checked once per read, and per line only when the read had a bad sequence.
 */
export class LineSplitter {
  /** Bytes of a line that began in an earlier read and has no newline yet (at most maxLineBytes). */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private partialOffset = 0;
  /** The line in progress went past maxLineBytes: its remaining bytes are dropped. */
  private overflow = false;
  /** Offset just after the last newline seen: everything before it has been emitted. */
  private completeOffset: number;

  constructor(
    private readonly maxLineBytes: number,
    private readonly onLine: LineHandler,
    startOffset: number,
  ) {
    this.completeOffset = startOffset;
  }

  /** Offset after the last complete line: safe to acknowledge once its lines are shipped. */
  get committedOffset(): number {
    return this.completeOffset;
  }

  /** Feeds the bytes read at `offset` (which must follow the previous chunk). */
  push(chunk: Buffer, offset: number): void {
    const chunkIsUtf8 = isUtf8(chunk);
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      if (this.partialBytes > 0 || this.overflow) {
        this.appendPartial(chunk, start, newline, offset + start);
        this.emitPartial();
      } else {
        this.emit(chunk, start, newline, offset + start, chunkIsUtf8, false);
      }
      start = newline + 1;
      this.completeOffset = offset + start;
    }
    if (start < chunk.length) this.appendPartial(chunk, start, chunk.length, offset + start);
  }

  /** Emits a final line that never got its newline: only when the file is closed for good. */
  flushPartial(): number {
    if (this.partialBytes > 0 || this.overflow) {
      const end = this.partialOffset + this.partialBytesConsumed;
      this.emitPartial();
      this.completeOffset = end;
    }
    return this.completeOffset;
  }

  /** Starts over at `offset`, for a truncated file. */
  reset(offset: number): void {
    this.partial = [];
    this.partialBytes = 0;
    this.partialBytesConsumed = 0;
    this.overflow = false;
    this.completeOffset = offset;
  }

  /** All bytes of the pending line read so far, kept or dropped, so flushPartial knows its end. */
  private partialBytesConsumed = 0;

  private appendPartial(chunk: Buffer, start: number, end: number, offset: number): void {
    if (this.partialBytes === 0 && !this.overflow) {
      this.partialOffset = offset;
      this.partialBytesConsumed = 0;
    }
    this.partialBytesConsumed += end - start;
    const room = this.maxLineBytes - this.partialBytes;
    if (end - start > room) {
      this.overflow = true;
      end = start + Math.max(0, room);
    }
    if (end > start) {
      // Copy: the read buffer is reused for the next read.
      this.partial.push(Buffer.from(chunk.subarray(start, end)));
      this.partialBytes += end - start;
    }
  }

  private emitPartial(): void {
    const line = this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial, this.partialBytes);
    const truncated = this.overflow;
    this.partial = [];
    this.partialBytes = 0;
    this.partialBytesConsumed = 0;
    this.overflow = false;
    this.emit(line, 0, line.length, this.partialOffset, false, truncated);
  }

  private emit(buffer: Buffer, start: number, end: number, offset: number, knownUtf8: boolean, truncated: boolean): void {
    let stop = end;
    if (stop > start && buffer[stop - 1] === CARRIAGE_RETURN) stop--;
    if (!truncated && stop - start > this.maxLineBytes) {
      stop = start + this.maxLineBytes;
      truncated = true;
    }
    // A truncated line may end mid-character; that is not the writer's invalid UTF-8.
    const valid = knownUtf8 || isUtf8(buffer.subarray(start, stop)) || (truncated && isUtf8Prefix(buffer, start, stop));
    const text = buffer.toString('utf8', start, stop);
    this.onLine(text, offset, truncated ? (valid ? TRUNCATED : TRUNCATED_INVALID_UTF8) : valid ? undefined : INVALID_UTF8);
  }
}

/** True when the bytes are valid UTF-8 except for one character cut off at the end. */
function isUtf8Prefix(buffer: Buffer, start: number, stop: number): boolean {
  for (let cut = 1; cut <= 3 && stop - cut > start; cut++) {
    if (isUtf8(buffer.subarray(start, stop - cut))) return true;
  }
  return false;
}
