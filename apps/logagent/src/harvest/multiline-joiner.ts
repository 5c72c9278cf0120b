import type { LineFlag } from '@logpipe/event';
import type { MultilineRule } from '@logpipe/targets';

/** `time` and `stream` are a container line's (the first line's, for a joined event); undefined for a plain file. */
export type EventHandler = (text: string, offset: number, flags: LineFlag[] | undefined, time?: string, stream?: string) => void;

/**
 * Joins continuation lines into one event (Java stack traces, Python tracebacks), with
 * Filebeat's semantics: a line "continues" when `pattern` matches it (or does not, with
 * `negate`). With `match: after` a continuation line is appended to the event before it; with
 * `match: before` the event goes on until a line that does not continue it.
 *
 * An event's offset is its first line's, and `pendingOffset` tells the harvester how far it may
 * acknowledge: never past the first line of an event still being joined, so a restart reads the
 * whole event again instead of losing its beginning.
 */
export class MultilineJoiner {
  private lines: string[] = [];
  private bytes = 0;
  private offset = 0;
  private flags = new Set<LineFlag>();
  private lastLineAt = 0;
  private time: string | undefined;
  private stream: string | undefined;

  constructor(
    private readonly rule: MultilineRule,
    private readonly maxBytes: number,
    private readonly emit: EventHandler,
  ) {}

  /** Offset of the first line of the event being joined, if one is pending. */
  get pendingOffset(): number | undefined {
    return this.lines.length > 0 ? this.offset : undefined;
  }

  push(text: string, offset: number, flags: readonly LineFlag[] | undefined, now: number, time?: string, stream?: string): void {
    const continues = this.rule.pattern.test(text) !== this.rule.negate;
    if (this.rule.match === 'after') {
      if (this.lines.length > 0 && !continues) this.flush();
      this.append(text, offset, flags, now, time, stream);
    } else {
      this.append(text, offset, flags, now, time, stream);
      if (!continues) this.flush();
    }
  }

  /** Emits the pending event when no line arrived for the rule's timeout. */
  flushIfIdle(now: number): void {
    if (this.lines.length > 0 && now - this.lastLineAt >= this.rule.timeoutMs) this.flush();
  }

  flush(): void {
    if (this.lines.length === 0) return;
    if (this.lines.length > 1) this.flags.add('multiline');
    const flags = this.flags.size > 0 ? [...this.flags] : undefined;
    const text = this.lines.length === 1 ? this.lines[0]! : this.lines.join('\n');
    const { offset, time, stream } = this;
    this.lines = [];
    this.bytes = 0;
    this.flags = new Set();
    this.emit(text, offset, flags, time, stream);
  }

  private append(text: string, offset: number, flags: readonly LineFlag[] | undefined, now: number, time: string | undefined, stream: string | undefined): void {
    if (this.lines.length === 0) {
      this.offset = offset;
      this.time = time;
      this.stream = stream;
    }
    this.lastLineAt = now;
    if (flags) for (const flag of flags) this.flags.add(flag);
    if (this.lines.length >= this.rule.maxLines) {
      // Filebeat drops lines past max_lines but keeps them part of the event (they are not
      // the start of the next one); the event says so.
      this.flags.add('truncated');
      return;
    }
    const size = Buffer.byteLength(text) + (this.lines.length > 0 ? 1 : 0);
    if (this.bytes + size > this.maxBytes) {
      this.flags.add('truncated');
      return;
    }
    this.lines.push(text);
    this.bytes += size;
  }
}
