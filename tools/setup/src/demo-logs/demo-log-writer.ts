import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { onceStop, type Logger, type Service } from '@logpipe/runtime';
import { DemoLines, type DemoLine } from './demo-lines.js';

export interface DemoLogWriterOptions {
  /** Gets `app.log` and `nginx/access.log`. */
  dir: string;
  /** Requests a second on average; each writes an access-log line and often an app line. */
  requestsPerSecond: number;
  /** A file larger than this is renamed to `<name>.1` (replacing the previous one) and started anew, like logrotate. */
  maxFileBytes: number;
  logger: Logger;
  seed?: number;
  tickMs?: number;
}

/**
 * Appends demo traffic to the log files every tick. Every few minutes an "incident" raises the
 * error rate for a while, so the error panels and the DLQ-free-but-5xx-heavy charts have shape.
 */
export class DemoLogWriter implements Service {
  readonly name = 'demo-log-writer';
  readonly files: Record<DemoLine['file'], string>;
  private readonly lines: DemoLines;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private carry = 0;
  private ticks = 0;
  written = 0;

  constructor(private readonly options: DemoLogWriterOptions) {
    this.lines = new DemoLines(options.seed);
    this.files = { app: join(options.dir, 'app.log'), nginx: join(options.dir, 'nginx', 'access.log') };
  }

  async start(): Promise<void> {
    await mkdir(join(this.options.dir, 'nginx'), { recursive: true });
    const tickMs = this.options.tickMs ?? 250;
    this.timer = setInterval(() => {
      this.writing = this.writing.then(() => this.tick(tickMs)).catch((err: unknown) => this.options.logger.error('writing demo logs failed', { err }));
    }, tickMs);
    this.options.logger.info('writing demo logs', { files: Object.values(this.files), requestsPerSecond: this.options.requestsPerSecond });
  }

  readonly stop = onceStop(async () => {
    clearInterval(this.timer);
    await this.writing;
  });

  private async tick(tickMs: number): Promise<void> {
    this.ticks++;
    const seconds = (this.ticks * tickMs) / 1000;
    const incident = seconds % 300 >= 240; // the last minute of every five
    const wave = 1 + 0.5 * Math.sin((2 * Math.PI * seconds) / 120);
    this.carry += (this.options.requestsPerSecond * wave * tickMs) / 1000;
    const requests = Math.floor(this.carry);
    this.carry -= requests;
    const batch: Record<DemoLine['file'], string[]> = { app: [], nginx: [] };
    for (let i = 0; i < requests; i++) {
      for (const line of this.lines.request(new Date(), incident ? 4 : 1)) batch[line.file].push(line.text);
    }
    for (const file of ['nginx', 'app'] as const) {
      if (batch[file].length === 0) continue;
      await this.rotateIfLarge(this.files[file]);
      await appendFile(this.files[file], batch[file].join('\n') + '\n');
      this.written += batch[file].length;
    }
  }

  private async rotateIfLarge(path: string): Promise<void> {
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size >= this.options.maxFileBytes) await rename(path, `${path}.1`);
  }
}
