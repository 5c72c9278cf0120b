import { appendFile } from 'node:fs/promises';
import { sleep, waitFor } from '@logpipe/runtime';

export interface LineWriterOptions {
  /** Starts every line, so no two writers (or tests) ever write the same line. */
  prefix: string;
  linesPerSecond?: number;
  /** Lines per append: applications write a few lines per write(2), not one giant block. */
  batchLines?: number;
  /** Filler bytes per line, so files grow as fast as real logs do. */
  padding?: number;
}

/**
 * Writes a log the way an application does: small appends, as fast as its rate allows, each
 * opening the file by name (`appendFile`). So after a rename, the next append creates a new
 * file under the old name: logrotate's `create` followed by the application reopening its log.
 */
export class LineWriter {
  private readonly lines: string[] = [];
  private running = false;
  private paused = false;
  private loop: Promise<void> | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private resumed: (() => void) | undefined;
  private failure: unknown;

  constructor(
    private readonly path: string,
    private readonly options: LineWriterOptions,
  ) {}

  /** Lines fully appended so far. */
  get count(): number {
    return this.lines.length;
  }

  start(): this {
    this.running = true;
    this.loop = this.run();
    return this;
  }

  /** Resolves once no append is in progress and none will start until `resume()`. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.inFlight;
  }

  resume(): void {
    this.paused = false;
    this.resumed?.();
  }

  /** Stops after the append in progress; returns every line written, in order. */
  async stop(): Promise<string[]> {
    this.running = false;
    this.resume();
    await this.loop;
    if (this.failure) throw this.failure as Error;
    return [...this.lines];
  }

  /**
   * While paused: appends `count` lines as fast as the disk takes them (still in small appends),
   * so a rotation right after it happens while the agent is still reading.
   */
  async burst(count: number): Promise<void> {
    if (!this.paused) throw new Error('burst() needs a paused writer, or its lines would interleave with the running loop');
    const { batchLines = 50, padding = 80 } = this.options;
    const filler = 'x'.repeat(padding);
    for (let done = 0; done < count; done += batchLines) {
      const batch = this.nextBatch(batchLines, filler);
      await appendFile(this.path, batch.join('\n') + '\n');
      for (const line of batch) this.lines.push(line);
    }
  }

  /** Waits until `count` lines in all have been written. */
  async waitForCount(count: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(() => {
      if (this.failure) throw this.failure as Error;
      return this.lines.length >= count;
    }, { what: `the writer to have written ${count} lines (has ${this.lines.length})`, timeoutMs, intervalMs: 20 });
  }

  private nextBatch(size: number, filler: string): string[] {
    const batch: string[] = [];
    for (let i = 0; i < size; i++) batch.push(`${this.options.prefix} ${String(this.lines.length + i).padStart(7, '0')} ${filler}`);
    return batch;
  }

  private async run(): Promise<void> {
    const { linesPerSecond = 10_000, batchLines = 50, padding = 80 } = this.options;
    const batchMs = (batchLines / linesPerSecond) * 1000;
    const filler = 'x'.repeat(padding);
    try {
      while (this.running) {
        if (this.paused) {
          await new Promise<void>((resolve) => (this.resumed = resolve));
          continue;
        }
        const began = Date.now();
        const batch = this.nextBatch(batchLines, filler);
        this.inFlight = appendFile(this.path, batch.join('\n') + '\n');
        await this.inFlight;
        for (const line of batch) this.lines.push(line);
        // Pacing to the rate, not waiting for a condition.
        const left = batchMs - (Date.now() - began);
        if (left >= 1) await sleep(left);
      }
    } catch (err) {
      this.failure = err;
    }
  }
}

export interface Tally {
  /** Lines written that are not in Kafka. */
  missing: string[];
  /** Messages in Kafka that no writer wrote. */
  unexpected: string[];
  /** Lines in Kafka more than once, with the event id of each copy. */
  repeated: { message: string; ids: string[] }[];
  /** Event ids carried by more than one different line (would overwrite each other in Elasticsearch). */
  sharedIds: { id: string; messages: string[] }[];
}

/** Compares what reached Kafka with what was written, line by line. */
export function tally(events: { message: string; id: string }[], written: string[]): Tally {
  const idsByMessage = new Map<string, string[]>();
  const messagesById = new Map<string, Set<string>>();
  for (const { message, id } of events) {
    const ids = idsByMessage.get(message);
    if (ids) ids.push(id);
    else idsByMessage.set(message, [id]);
    const messages = messagesById.get(id) ?? new Set<string>();
    messagesById.set(id, messages.add(message));
  }
  const expected = new Set(written);
  return {
    missing: written.filter((line) => !idsByMessage.has(line)),
    unexpected: [...idsByMessage.keys()].filter((message) => !expected.has(message)),
    repeated: [...idsByMessage].filter(([, ids]) => ids.length > 1).map(([message, ids]) => ({ message, ids })),
    sharedIds: [...messagesById].filter(([, messages]) => messages.size > 1).map(([id, messages]) => ({ id, messages: [...messages] })),
  };
}

/** The first few of each kind of problem, for an assertion message a person can read. */
export function summary(t: Tally): Record<keyof Tally, { count: number; first: unknown[] }> {
  const cut = <T>(list: T[]) => ({ count: list.length, first: list.slice(0, 3) });
  return { missing: cut(t.missing), unexpected: cut(t.unexpected), repeated: cut(t.repeated), sharedIds: cut(t.sharedIds) };
}
