import { readFile } from 'node:fs/promises';
import { onceStop, type Logger, type Service } from '@logpipe/runtime';
import { writeFileAtomic } from './atomic-file.js';
import { inodeKey, type RegistryEntry } from './registry-entry.js';
import { parseRegistryFile, serializeRegistry } from './registry-file.js';

export { type RegistryEntry } from './registry-entry.js';

/** An identity a truncation took off its inode, waiting for a copy of the file to claim it. */
export interface DetachedEntry {
  entry: RegistryEntry;
  /**
   * Where a copy should start reading: the end of the last line this process read from the
   * original before the truncation (those lines are on their way to Kafka), or the acknowledged
   * offset for an identity loaded from disk (what was in flight then is gone with the process).
   */
  handoffOffset: number;
  detachedAt: number;
}

/** How long a truncated file's old identity waits for its copy: logrotate copies first, so seconds would do. */
const DETACHED_RETENTION_MS = 10 * 60_000;

/**
 * The agent's memory of files and their acknowledged offsets, one entry per device+inode,
 * written atomically at most every `flushIntervalMs` and on stop. Because only acknowledged
 * offsets are recorded, a crash can only cause lines after the saved offset to be sent again
 * (with the same event ids), never a line to be skipped.
 *
 * Entries are objects that harvesters hold on to: an acknowledgement updates the entry it was
 * read for even after that entry left its inode (truncated) or moved to another (a copy).
 */
export class Registry implements Service {
  readonly name = 'registry';
  private readonly files = new Map<string, RegistryEntry>();
  private detached: DetachedEntry[] = [];
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private startedAt = Date.now();

  constructor(
    private readonly path: string,
    private readonly logger: Logger,
    private readonly flushIntervalMs = 1000,
    private readonly clock: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.startedAt = this.clock();
    try {
      const snapshot = parseRegistryFile(await readFile(this.path, 'utf8'));
      for (const entry of snapshot.files) this.files.set(inodeKey(entry.device, entry.inode), entry);
      this.detached = snapshot.detached.map(({ entry, detachedAt }) => ({ entry, handoffOffset: entry.offset, detachedAt }));
      this.logger.info('registry loaded', { path: this.path, files: this.files.size, detached: this.detached.length });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        // Refusing to start would stop collection; starting empty re-sends files from their
        // start (with new ids: check the file before deleting it). Keep the bad file for inspection.
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

  /** The entry of the file that has this device and inode now. */
  find(device: number, inode: number): RegistryEntry | undefined {
    return this.files.get(inodeKey(device, inode));
  }

  /** Every file entry (not the detached ones). */
  all(): IterableIterator<RegistryEntry> {
    return this.files.values();
  }

  /** Detached identities still waiting for a copy, most recently detached first. */
  waitingForCopy(): DetachedEntry[] {
    this.expireDetached();
    return [...this.detached].reverse();
  }

  /** Records a file; an entry that had its inode before is dropped (detach it first to keep it). */
  add(entry: RegistryEntry): void {
    this.files.set(inodeKey(entry.device, entry.inode), entry);
    this.dirty = true;
  }

  /**
   * Takes an identity off its inode because the file there was truncated or replaced, and keeps
   * it for a while so that a copy of the old content can carry on with the same event ids.
   */
  detach(entry: RegistryEntry, handoffOffset: number): void {
    const key = inodeKey(entry.device, entry.inode);
    if (this.files.get(key) === entry) this.files.delete(key);
    if (this.detached.some((d) => d.entry === entry)) return;
    this.detached.push({ entry, handoffOffset, detachedAt: this.clock() });
    this.dirty = true;
  }

  /** A truncation: the old identity is detached at `handoffOffset` and the inode gets `fresh`. */
  replaceTruncated(old: RegistryEntry, handoffOffset: number, fresh: RegistryEntry): void {
    this.detach(old, handoffOffset);
    this.add(fresh);
  }

  /**
   * A copy of a truncated file was found: its identity moves to the copy's inode. Returns where
   * the copy should start reading.
   */
  claim(detached: DetachedEntry, device: number, inode: number, path: string): number {
    this.detached = this.detached.filter((d) => d !== detached);
    const { entry } = detached;
    Object.assign(entry, { device, inode, path, copy: true, updatedAt: new Date(this.clock()).toISOString() });
    this.add(entry);
    return detached.handoffOffset;
  }

  /** Records that Kafka acknowledged everything before `offset` (called per shipped batch). */
  acknowledge(entry: RegistryEntry, offset: number, path: string): void {
    entry.offset = offset;
    entry.path = path;
    entry.updatedAt = new Date(this.clock()).toISOString();
    this.dirty = true;
  }

  /** A longer fingerprint, once the file has grown: better at telling copies and reused inodes apart. */
  setFingerprint(entry: RegistryEntry, fingerprint: string, bytes: number): void {
    entry.fingerprint = fingerprint;
    entry.fingerprintBytes = bytes;
    this.dirty = true;
  }

  /** Forgets a file (deleted and fully read). */
  remove(entry: RegistryEntry): void {
    const key = inodeKey(entry.device, entry.inode);
    if (this.files.get(key) === entry) {
      this.files.delete(key);
      this.dirty = true;
    }
  }

  /** Writes the registry if it changed; writes are serialised so a slow disk never reorders them. */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      this.expireDetached();
      if (!this.dirty) return;
      this.dirty = false;
      const text = serializeRegistry({
        files: [...this.files.values()],
        detached: this.detached.map(({ entry, detachedAt }) => ({ entry, detachedAt })),
      });
      try {
        await writeFileAtomic(this.path, text);
      } catch (err) {
        this.dirty = true;
        this.logger.error('registry write failed; will retry', { path: this.path, err });
      }
    });
    return this.writing;
  }

  /** Counted from this start at the earliest, so a copy found right after a restart still matches. */
  private expireDetached(): void {
    const now = this.clock();
    const kept = this.detached.filter((d) => now - Math.max(d.detachedAt, this.startedAt) < DETACHED_RETENTION_MS);
    if (kept.length !== this.detached.length) {
      this.detached = kept;
      this.dirty = true;
    }
  }
}
