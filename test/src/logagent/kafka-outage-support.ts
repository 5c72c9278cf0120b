import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import type { Kafka } from '@logpipe/kafka';
import { sleep, waitFor } from '@logpipe/runtime';
import { decodeEvents, readTopic, topicSize } from '../support/kafka.js';

/**
 * Helpers of the Kafka outage tests: a file that keeps growing, the agent's memory and
 * endpoints as seen from outside, and the "every line exactly once" check.
 */

/** Appends numbered lines of a fixed size, linesPerTick each tickMs, until stopped; keeps them all. */
export class GrowingFile {
  readonly lines: string[] = [];
  bytesWritten = 0;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly shape: { linesPerTick: number; lineBytes: number; tickMs: number },
  ) {}

  start(): void {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Appends `count` lines at once. */
  async append(count: number): Promise<void> {
    const batch: string[] = [];
    for (let i = 0; i < count; i++) {
      const head = `line ${String(this.lines.length).padStart(7, '0')} `;
      const line = head + 'x'.repeat(Math.max(0, this.shape.lineBytes - head.length));
      this.lines.push(line);
      batch.push(line);
    }
    const text = batch.join('\n') + '\n';
    await appendFile(this.path, text);
    this.bytesWritten += Buffer.byteLength(text);
  }

  /**
   * Paced by the clock, not by counting sleeps: a tick that comes late (a loaded machine, where
   * each sleep and append takes longer) appends every line due by now, so the file grows at
   * linesPerTick per tickMs however slow the timers are, and the outage test's volume holds.
   */
  private async run(): Promise<void> {
    const started = Date.now();
    let ticks = 0;
    while (!this.stopped) {
      const due = Math.floor((Date.now() - started) / this.shape.tickMs) + 1;
      if (due > ticks) {
        await this.append((due - ticks) * this.shape.linesPerTick);
        ticks = due;
      }
      await sleep(this.shape.tickMs); // pacing the load, not waiting for a condition
    }
  }
}

/** Samples a process's resident memory (VmRSS) every `intervalMs` until stopped. */
export class RssSampler {
  readonly samples: { at: number; bytes: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number, intervalMs: number) {
    const sample = async (): Promise<void> => {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
      if (kb) this.samples.push({ at: Date.now(), bytes: Number(kb) * 1024 });
    };
    void sample();
    this.timer = setInterval(() => void sample(), intervalMs);
  }

  /** Highest sample taken in [from, to]. */
  max(from: number, to = Infinity): { bytes: number; count: number } {
    const inRange = this.samples.filter((s) => s.at >= from && s.at <= to);
    return { bytes: Math.max(0, ...inRange.map((s) => s.bytes)), count: inRange.length };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export async function healthStatus(metricsUrl: string): Promise<number> {
  const response = await fetch(`${metricsUrl}/healthz`);
  await response.body?.cancel();
  return response.status;
}

export type TopicEvent = ReturnType<typeof decodeEvents>[number];

/** Waits until every line is in the topic, then returns all of its events (duplicates included). */
export async function waitForEveryLine(kafka: Kafka, topic: string, lines: string[], timeoutMs: number): Promise<TopicEvent[]> {
  let events: TopicEvent[] = [];
  await waitFor(
    async () => {
      if ((await topicSize(kafka, topic)) < lines.length) return undefined;
      events = decodeEvents(await readTopic(kafka, topic));
      const seen = new Set(events.map((e) => e.message));
      return lines.every((line) => seen.has(line)) || undefined;
    },
    { what: `all ${lines.length} lines in topic ${topic}`, timeoutMs, intervalMs: 500 },
  ).catch(() => undefined); // the assertion below says precisely what is missing
  return events;
}

/**
 * The topic holds exactly the file's lines: each at least once, nothing else, and a line present
 * twice (a batch re-sent after a lost acknowledgement or a restart) repeats its event id, so
 * Elasticsearch still indexes it once. First appearances are in file order. Returns how many
 * messages were duplicates.
 */
export function assertEveryLineOnce(events: TopicEvent[], lines: string[]): number {
  const idsByMessage = new Map<string, Set<string>>();
  const messagesById = new Map<string, Set<string>>();
  for (const { message, id } of events) {
    (idsByMessage.get(message) ?? idsByMessage.set(message, new Set()).get(message)!).add(id);
    (messagesById.get(id) ?? messagesById.set(id, new Set()).get(id)!).add(message);
  }
  const wanted = new Set(lines);
  const missing = lines.filter((line) => !idsByMessage.has(line));
  const unexpected = [...idsByMessage.keys()].filter((message) => !wanted.has(message));
  const duplicatesWithOtherIds = [...idsByMessage].filter(([, ids]) => ids.size > 1).map(([message]) => message);
  const idsOfSeveralLines = [...messagesById].filter(([, messages]) => messages.size > 1).map(([id]) => id);
  assert.deepEqual(
    { missing: missing.length, unexpected: unexpected.length, duplicatesWithOtherIds: duplicatesWithOtherIds.length, idsOfSeveralLines: idsOfSeveralLines.length },
    { missing: 0, unexpected: 0, duplicatesWithOtherIds: 0, idsOfSeveralLines: 0 },
    `first missing: ${missing.slice(0, 3).join(' | ')}; unexpected: ${unexpected.slice(0, 3).join(' | ')}; ` +
      `re-sent with another id: ${duplicatesWithOtherIds.slice(0, 3).join(' | ')}`,
  );
  const firstSeen: string[] = [];
  const seen = new Set<string>();
  for (const { message } of events) {
    if (!seen.has(message)) firstSeen.push(message);
    seen.add(message);
  }
  const outOfOrder = firstSeen.findIndex((message, i) => message !== lines[i]);
  assert.equal(outOfOrder, -1, `lines out of file order from position ${outOfOrder}: ${firstSeen[outOfOrder]} where ${lines[outOfOrder]} was expected`);
  return events.length - lines.length;
}
