import type { LineFlag } from '@logpipe/event';
import type { ContainerFormat } from '@logpipe/targets';
import { readCriLine, readDockerLine, type FramedLine } from './container-framing.js';

/** One line a container wrote, out of the runtime's framing; `time` and `stream` are undefined for a malformed line. */
export type ContainerLineHandler = (text: string, offset: number, flags: LineFlag[] | undefined, time: string | undefined, stream: string | undefined) => void;

const MALFORMED: LineFlag[] = ['malformed'];

/** The parts of one stream's line that the runtime split, joined so far. */
interface PartialLine {
  parts: string[];
  bytes: number;
  offset: number;
  time: string;
  flags: Set<LineFlag>;
  lastPartAt: number;
}

/**
 * Takes each file line out of the runtime's framing (container-framing.ts) and joins partial
 * lines with the part that ends them, per stream: stdout and stderr are copied into the file by
 * separate writers, so a stderr line may come between the parts of a stdout line.
 *
 * A joined line has its first part's offset, time and stream, so the same line read again after
 * a restart gets the same event id. `pendingOffset` keeps the harvester from acknowledging past
 * the first part of a line still being joined, as the multiline joiner does. A line without the
 * framing is sent as it is, flagged `malformed`, with the time it was read.
 */
export class ContainerLineJoiner {
  private readonly read: (line: string, into: FramedLine) => boolean;
  private readonly framed: FramedLine = { content: '', time: '', stream: '', partial: false };
  private readonly partials = new Map<string, PartialLine>();

  constructor(
    private readonly format: ContainerFormat,
    private readonly maxBytes: number,
    private readonly emit: ContainerLineHandler,
  ) {
    this.read = format.runtime === 'cri' ? readCriLine : readDockerLine;
  }

  /** The offset of the earliest line still being joined, if any. */
  get pendingOffset(): number | undefined {
    let earliest: number | undefined;
    for (const partial of this.partials.values()) if (earliest === undefined || partial.offset < earliest) earliest = partial.offset;
    return earliest;
  }

  push(line: string, offset: number, flags: LineFlag[] | undefined, now: number): void {
    const framed = this.framed;
    if (!this.read(line, framed)) {
      this.emit(line, offset, flags ? [...flags, ...MALFORMED] : MALFORMED, undefined, undefined);
      return;
    }
    const partial = this.partials.get(framed.stream);
    if (!partial && !framed.partial) {
      // The usual case: a whole line in one file line.
      this.emit(framed.content, offset, flags, framed.time, framed.stream);
      return;
    }
    const joining = partial ?? this.begin(framed, offset, now);
    if (partial) this.append(joining, framed.content, now);
    if (flags) for (const flag of flags) joining.flags.add(flag);
    if (!framed.partial) this.finish(framed.stream, joining);
  }

  /** Sends the lines whose last part came `partial_timeout` ago or longer, as they are. */
  flushIfIdle(now: number): void {
    for (const [stream, partial] of this.partials) {
      if (now - partial.lastPartAt < this.format.partialTimeoutMs) continue;
      partial.flags.add('partial');
      this.finish(stream, partial);
    }
  }

  /** Sends every line being joined (the file is closing, or was truncated). */
  flush(): void {
    for (const [stream, partial] of this.partials) {
      partial.flags.add('partial');
      this.finish(stream, partial);
    }
  }

  private begin(framed: FramedLine, offset: number, now: number): PartialLine {
    const partial: PartialLine = { parts: [], bytes: 0, offset, time: framed.time, flags: new Set(), lastPartAt: now };
    this.partials.set(framed.stream, partial);
    this.append(partial, framed.content, now);
    return partial;
  }

  private append(partial: PartialLine, content: string, now: number): void {
    partial.lastPartAt = now;
    const size = Buffer.byteLength(content);
    if (partial.bytes + size > this.maxBytes) {
      // The rest of a line longer than max_line_bytes is dropped, and the line says so.
      partial.flags.add('truncated');
      const room = this.maxBytes - partial.bytes;
      if (room > 0) partial.parts.push(Buffer.from(content).subarray(0, room).toString('utf8'));
      partial.bytes = this.maxBytes;
      return;
    }
    partial.parts.push(content);
    partial.bytes += size;
  }

  private finish(stream: string, partial: PartialLine): void {
    this.partials.delete(stream);
    const flags = partial.flags.size > 0 ? [...partial.flags] : undefined;
    this.emit(partial.parts.join(''), partial.offset, flags, partial.time, stream);
  }
}
