import { readFile } from 'node:fs/promises';
import { onceStop, type Logger, type Service } from '@logpipe/runtime';
import { writeFileAtomic } from './atomic-file.js';

/** What the agent remembers of one file: who it is and how far Kafka has acknowledged it. */
export interface RegistryEntry {
  fileKey: string;
  path: string;
  device: number;
  inode: number;
  /** Hash of the first `fingerprintBytes` bytes, telling a reused inode from the original file. */
  fingerprint: string;
  fingerprintBytes: number;
  /** Byte offset after the last line Kafka acknowledged. Never ahead of Kafka. */
  offset: number;
  updatedAt: string;
}

interface RegistryFile {
  version: 1;
  entries: RegistryEntry[];
}

/**
 * The agent's memory of acknowledged offsets, written atomically at most every `flushIntervalMs`
 * and on stop. Because only acknowledged offsets are recorded, a crash can only cause lines after
 * the saved offset to be sent again (with the same event ids), never a line to be skipped.
 */
export class Registry implements Service {
  readonly name = 'registry';
  private readonly entries = new Map<string, RegistryEntry>();
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly flushIntervalMs = 1000,
  ) {}

  async start(): Promise<void> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as RegistryFile;
      for (const entry of parsed.entries) this.entries.set(entry.fileKey, entry);
      this.logger.info('registry loaded', { path: this.path, files: this.entries.size });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        // Refusing to start would stop collection; starting empty re-sends files from their
        // start, which ids make harmless in Elasticsearch. Keep the bad file for inspection.
        this.logger.error('registry unreadable; starting empty (files will be re-sent)', { path: this.path, err });
      }
    }
    this.timer = setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  readonly stop = onceStop(async () => {
    clearInterval(this.timer);
    await this.flush();
  });

  get(fileKey: string): RegistryEntry | undefined {
    return this.entries.get(fileKey);
  }

  findByInode(device: number, inode: number): RegistryEntry | undefined {
    for (const entry of this.entries.values()) if (entry.device === device && entry.inode === inode) return entry;
    return undefined;
  }

  all(): IterableIterator<RegistryEntry> {
    return this.entries.values();
  }

  upsert(entry: RegistryEntry): void {
    this.entries.set(entry.fileKey, entry);
    this.dirty = true;
  }

  /** Records that Kafka acknowledged everything before `offset` (called per shipped batch). */
  acknowledge(fileKey: string, offset: number, path: string): void {
    const entry = this.entries.get(fileKey);
    if (!entry) return;
    entry.offset = offset;
    entry.path = path;
    entry.updatedAt = new Date().toISOString();
    this.dirty = true;
  }

  remove(fileKey: string): void {
    if (this.entries.delete(fileKey)) this.dirty = true;
  }

  /** Writes the registry if it changed; writes are serialised so a slow disk never reorders them. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      const file: RegistryFile = { version: 1, entries: [...this.entries.values()] };
      try {
        await writeFileAtomic(this.path, JSON.stringify(file));
      } catch (err) {
        this.dirty = true;
        this.logger.error('registry write failed; will retry', { path: this.path, err });
      }
    });
    return this.writing;
  }
}
