import { open, stat, type FileHandle } from 'node:fs/promises';
import { EventPacker, type FileEventEncoder, type LineFlag } from '@logpipe/event';
import { onceStop, type Logger } from '@logpipe/runtime';
import type { Target } from '@logpipe/targets';
import { FileHead } from './file-head.js';
import { FINGERPRINT_BYTES } from './fingerprint.js';
import { ContainerLineJoiner } from './container-line-joiner.js';
import { LineSplitter } from './line-splitter.js';
import { MultilineJoiner } from './multiline-joiner.js';
import { acquireReadBuffer, releaseReadBuffer } from './read-buffers.js';
import { effectiveMaxLineBytes } from './max-line-bytes.js';
import { newEntry, type RegistryEntry } from '../registry/registry-entry.js';
import type { KafkaShipper } from '../ship/kafka-shipper.js';
import type { FileMessage } from '../ship/batch-queue.js';
import type { Registry } from '../registry/registry.js';
import type { AgentMetrics } from '../agent-metrics.js';

export interface FileHarvesterOptions {
  target: Target;
  agentId: string;
  /** The file's registry entry: its key, and where acknowledgements are recorded. */
  entry: RegistryEntry;
  path: string;
  device: number;
  inode: number;
  startOffset: number;
  /** Makes the encoder for a file key; called again when a truncation gives the file a new key. */
  newEncoder: (fileKey: string) => FileEventEncoder;
  /** Kafka message key: agent + path, so one file's lines stay in order in one partition. */
  messageKey: string;
  shipper: KafkaShipper;
  registry: Registry;
  metrics: AgentMetrics;
  logger: Logger;
  /** How long to wait at the end of the file before looking again (short without inotify). */
  pollIntervalMs: () => number;
  /** A renamed or deleted file is read until it has not grown for this long, then closed. */
  closeRemovedAfterMs: number;
  /** An unchanged file is closed after this long; the scanner reopens it when it grows. */
  closeInactiveMs: number;
  /** Called after the harvester closed its file for good (rotated away or deleted and drained). */
  onClosed: () => void;
}

type FileState = 'same' | 'grown' | 'truncated' | 'moved' | 'deleted';

/**
 * Follows one file (one device+inode) from a byte offset. It reads through the file handle it
 * opened, never by name, so a rename or delete cannot make it skip to another file's bytes: it
 * drains the old file to its end, and the target's scanner starts a new harvester for whatever
 * file now has the name.
 *
 * A truncation (copytruncate, `> file`) gives the file a new identity, so the new lines do not
 * reuse the old lines' event ids. The old identity is handed to the registry with the offset
 * this harvester read up to, so that a copy of the old content carries on from there.
 */
export class FileHarvester {
  private handle: FileHandle | undefined;
  private readonly head = new FileHead();
  private readonly splitter: LineSplitter;
  /** Joins continuation lines when the target has a multiline rule. */
  private readonly joiner: MultilineJoiner | undefined;
  /** Takes lines out of a container runtime's framing and joins its partial lines (`format: cri|docker`). */
  private readonly container: ContainerLineJoiner | undefined;
  private entry: RegistryEntry;
  private encoder: FileEventEncoder;
  private currentPath: string;
  private readOffset: number;
  /** Packs consecutive events into Kafka messages (wire format v2), flushed on every `ship()`. */
  private readonly packer: EventPacker;
  private pending: FileMessage[] = [];
  private pendingBytes = 0;
  private pendingLines = 0;
  private lastEnqueuedAck = -1;
  /** Modification time when the head was last found intact while idle. */
  private checkedMtimeMs = 0;
  private timestamp = '';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly labels: { target: string; topic: string };

  constructor(private readonly options: FileHarvesterOptions) {
    this.entry = options.entry;
    this.encoder = options.newEncoder(options.entry.fileKey);
    this.currentPath = options.path;
    this.readOffset = options.startOffset;
    this.labels = { target: options.target.id, topic: options.target.topic };
    const key = Buffer.from(options.messageKey);
    this.packer = new EventPacker(options.shipper.packing, (text, events) => {
      const value = Buffer.from(text);
      this.pending.push({ key, value });
      this.pendingBytes += value.length;
      this.pendingLines += events;
    });
    // Each stage hands its lines to the next: split → container framing → multiline → event.
    const maxLineBytes = effectiveMaxLineBytes(options.target.maxLineBytes);
    const { multiline, container } = options.target;
    const joiner = multiline && new MultilineJoiner(multiline, maxLineBytes, (text, offset, flags, time, stream) => this.onEvent(text, offset, flags, time, stream));
    this.joiner = joiner;
    const afterContainer: (text: string, offset: number, flags: LineFlag[] | undefined, now: number, time?: string, stream?: string) => void = joiner
      ? (text, offset, flags, now, time, stream) => joiner.push(text, offset, flags, now, time, stream)
      : (text, offset, flags, _now, time, stream) => this.onEvent(text, offset, flags, time, stream);
    const unframed = container && new ContainerLineJoiner(container, maxLineBytes, (text, offset, flags, time, stream) => afterContainer(text, offset, flags, Date.now(), time, stream));
    this.container = unframed;
    this.splitter = new LineSplitter(
      maxLineBytes,
      unframed
        ? (text, offset, flags) => unframed.push(text, offset, flags, Date.now())
        : joiner
          ? (text, offset, flags) => joiner.push(text, offset, flags, Date.now())
          : (text, offset, flags) => this.onEvent(text, offset, flags),
      options.startOffset,
    );
  }

  /** Where the file is now: the scanner tells when it finds it under another name (rotated within the glob). */
  get path(): string {
    return this.currentPath;
  }

  async start(): Promise<void> {
    const handle = await open(this.options.path, 'r');
    const { ino, dev } = await handle.stat();
    if (ino !== this.options.inode || dev !== this.options.device) {
      await handle.close();
      throw new Error(`${this.options.path} was replaced before it could be opened`);
    }
    this.handle = handle;
    this.options.metrics.filesOpen.inc();
    await this.head.load(handle).catch(() => undefined);
    this.loop = this.run();
  }

  /** Asks for a read now instead of at the next poll (called on every scan that sees the file). */
  wake(): void {
    this.wakeUp?.();
  }

  /** The scanner saw this file under `path` (it may have been renamed within the target's glob). */
  follow(path: string): void {
    this.currentPath = path;
    this.wake();
  }

  /**
   * Whether a newly seen file whose bytes at `offset` are `bytes` may be a copy of this file:
   * true when this file still holds the same bytes there, or when it changed in a way this
   * harvester has not handled yet (truncated). Read through the held handle, so a rename cannot
   * make it compare another file.
   */
  async mayBeCopiedTo(bytes: Buffer, offset: number): Promise<boolean> {
    const handle = this.handle;
    if (!handle || this.stopped) return true;
    try {
      if (!(await this.head.intact(handle))) return true;
      const own = Buffer.alloc(bytes.length);
      const { bytesRead } = await handle.read(own, 0, bytes.length, offset);
      return bytesRead === bytes.length && own.equals(bytes);
    } catch {
      return true;
    }
  }

  /** Stops reading; lines already read are shipped and acknowledged by the shipper's drain. */
  readonly stop = onceStop(async () => {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  });

  private async run(): Promise<void> {
    let idleSince = Date.now();
    try {
      if (!this.head.matches(this.entry.fingerprint, this.entry.fingerprintBytes)) await this.restartTruncated();
      this.growFingerprint();
      while (!this.stopped) {
        if (!this.options.shipper.hasCapacity()) {
          await this.options.shipper.waitForCapacity();
          continue;
        }
        const bytesRead = await this.readChunk();
        if (bytesRead === 'truncated') {
          await this.restartTruncated();
          continue;
        }
        if (bytesRead > 0) {
          idleSince = Date.now();
          continue;
        }
        if (this.container?.pendingOffset !== undefined || this.joiner?.pendingOffset !== undefined) {
          const before = this.pendingOffset();
          this.container?.flushIfIdle(Date.now());
          this.joiner?.flushIfIdle(Date.now());
          if (this.pendingOffset() !== before) this.ship();
        }
        const state = await this.fileState();
        if (state === 'truncated') {
          await this.restartTruncated();
          continue;
        }
        // Written to since the read that found nothing: read it before deciding it is idle,
        // or a renamed file closed now would lose what its writer appended in between.
        if (state === 'grown') continue;
        if ((state === 'moved' || state === 'deleted') && Date.now() - idleSince >= this.options.closeRemovedAfterMs) {
          this.splitter.flushPartial();
          this.container?.flush();
          this.joiner?.flush();
          this.ship();
          // A deleted file is gone for good; its entry would only wait for its inode to be reused.
          if (state === 'deleted') this.options.registry.remove(this.entry);
          this.options.logger.info('file rotated away or deleted and fully read; closing', { path: this.currentPath, reason: state });
          this.options.onClosed();
          return;
        }
        if (state === 'same' && Date.now() - idleSince >= this.options.closeInactiveMs) {
          // Frees the descriptor; the acknowledged offset in the registry is where it resumes.
          this.options.logger.debug('file inactive; closing it until it changes', { path: this.currentPath });
          this.options.onClosed();
          return;
        }
        await this.sleep(this.options.pollIntervalMs());
      }
    } catch (err) {
      this.options.logger.error('harvester failed; the scanner will reopen the file', { path: this.currentPath, err });
      this.options.onClosed();
    } finally {
      await this.handle?.close().catch(() => undefined);
      this.options.metrics.filesOpen.dec();
    }
  }

  private async readChunk(): Promise<number | 'truncated'> {
    const handle = this.handle!;
    const buffer = await acquireReadBuffer();
    try {
      return await this.readInto(handle, buffer);
    } finally {
      // The splitter copied or decoded what it keeps: the buffer can serve another file now.
      releaseReadBuffer(buffer);
    }
  }

  private async readInto(handle: FileHandle, buffer: Buffer): Promise<number | 'truncated'> {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.readOffset);
    if (bytesRead === 0) return 0;
    // Checked after the read: if the first bytes are still the same now, what was read came
    // from the file this harvester started on, not from one truncated and written again.
    if (!(await this.head.intact(handle))) return 'truncated';
    const chunk = buffer.subarray(0, bytesRead);
    if (this.readOffset < FINGERPRINT_BYTES && this.head.extend(chunk, this.readOffset)) this.growFingerprint();
    this.timestamp = new Date().toISOString();
    this.splitter.push(chunk, this.readOffset);
    this.readOffset += bytesRead;
    this.options.metrics.bytesRead.inc(this.labels, bytesRead);
    this.ship();
    return bytesRead;
  }

  /**
   * Hot path: one call per line (or joined multiline event), no await, no object: the encoded
   * event joins the pack being filled. Include/exclude filters apply to whole events, as in Filebeat.
   */
  private onEvent(text: string, offset: number, flags: LineFlag[] | undefined, time?: string, stream?: string): void {
    const { includeLines, excludeLines } = this.options.target;
    if (includeLines.length > 0 && !includeLines.some((r) => r.test(text))) return;
    if (excludeLines.length > 0 && excludeLines.some((r) => r.test(text))) return;
    this.packer.add(
      this.container
        ? this.encoder.encodeContainerLine(text, offset, time ?? this.timestamp, flags, stream)
        : this.encoder.encode(text, offset, this.timestamp, flags),
    );
    if (flags) this.countFlags(flags);
  }

  private countFlags(flags: readonly LineFlag[]): void {
    const { metrics } = this.options;
    if (flags.includes('invalid_utf8')) metrics.invalidUtf8Lines.inc(this.labels);
    if (flags.includes('truncated')) metrics.truncatedLines.inc(this.labels);
    if (flags.includes('malformed')) metrics.malformedLines.inc(this.labels);
    if (flags.includes('partial')) metrics.partialLines.inc(this.labels);
  }

  /** The first offset of a line still being joined (container parts or a multiline event), if any. */
  private pendingOffset(): number | undefined {
    const a = this.container?.pendingOffset;
    const b = this.joiner?.pendingOffset;
    return a === undefined ? b : b === undefined ? a : Math.min(a, b);
  }

  private ship(): void {
    // Never past the first line of an event still being joined: after a restart the whole
    // event is read again rather than losing its beginning.
    const pendingEvent = this.pendingOffset();
    const ackOffset = pendingEvent === undefined ? this.splitter.committedOffset : Math.min(pendingEvent, this.splitter.committedOffset);
    // A pack never spans two chunks, so each chunk's acknowledgement covers whole messages.
    this.packer.flush();
    const messages = this.pending;
    const lines = this.pendingLines;
    this.options.metrics.linesRead.inc(this.labels, lines);
    this.pending = [];
    this.pendingLines = 0;
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    // Lines filtered out (or none complete yet) still move the acknowledged offset once
    // everything before them is acknowledged, which enqueueing an empty chunk preserves.
    if (messages.length === 0 && ackOffset === this.lastEnqueuedAck) return;
    this.lastEnqueuedAck = ackOffset;
    // Bound now: after a truncation or rename the acknowledgement still belongs to this entry.
    const { registry } = this.options;
    const entry = this.entry;
    const path = this.currentPath;
    this.options.shipper.enqueue({
      topic: this.options.target.topic,
      messages,
      lines,
      bytes,
      onAcknowledged: () => registry.acknowledge(entry, ackOffset, path),
    });
  }

  /**
   * The file is shorter than what was read, or no longer starts with the same bytes: it was
   * truncated. Lines read so far are already on their way with the old key. The partial line
   * after them is dropped: its rest (and any line not read yet) survives only in a copy, which
   * a glob target finds and reads from the handoff offset with the old key.
   */
  private async restartTruncated(): Promise<void> {
    const { registry, logger } = this.options;
    // An event being joined belongs to the old content: send it under the old key first.
    this.container?.flush();
    this.joiner?.flush();
    this.ship();
    const old = this.entry;
    const handoff = this.splitter.committedOffset;
    this.head.reset();
    await this.head.load(this.handle!);
    const { hash, bytes } = this.head.fingerprint();
    const fresh = newEntry(this.options.agentId, {
      path: this.currentPath,
      device: this.options.device,
      inode: this.options.inode,
      fingerprint: hash,
      fingerprintBytes: bytes,
      offset: 0,
    });
    registry.replaceTruncated(old, handoff, fresh);
    // The new key must be on disk before a line carries it, or after a crash the same lines
    // would be read again with yet another key and be indexed twice.
    await registry.flush();
    this.entry = fresh;
    this.encoder = this.options.newEncoder(fresh.fileKey);
    this.readOffset = 0;
    this.splitter.reset(0);
    this.lastEnqueuedAck = -1;
    logger.warn('file truncated; reading it again from the start as a new file', { path: this.currentPath, readUpTo: handoff });
  }

  /** Lengthens the entry's fingerprint as the file grows to FINGERPRINT_BYTES (hashes at most 1 KiB, a few times per file). */
  private growFingerprint(): void {
    if (this.head.size <= this.entry.fingerprintBytes) return;
    const { hash, bytes } = this.head.fingerprint();
    this.options.registry.setFingerprint(this.entry, hash, bytes);
  }

  private async fileState(): Promise<FileState> {
    const own = await this.handle!.stat();
    if (own.size < this.readOffset) return 'truncated';
    if (own.size > this.readOffset) return 'grown';
    // Written without growing past what was read: truncated and written again to the same size.
    if (own.mtimeMs !== this.checkedMtimeMs) {
      if (!(await this.head.intact(this.handle!))) return 'truncated';
      this.checkedMtimeMs = own.mtimeMs;
    }
    if (own.nlink === 0) return 'deleted';
    try {
      const named = await stat(this.currentPath);
      return named.ino === this.options.inode && named.dev === this.options.device ? 'same' : 'moved';
    } catch {
      return 'moved';
    }
  }

  /**
   * Waits `ms`, or until woken. A plain timer, not an AbortSignal: a thousand idle files poll
   * several times a second, and an aborted signal allocates an exception with its stack each time.
   */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
