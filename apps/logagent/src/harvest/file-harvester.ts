import { open, stat, type FileHandle } from 'node:fs/promises';
import { FileEventEncoder, type LineFlag } from '@logpipe/event';
import type { Message } from '@logpipe/kafka';
import { onceStop, sleep, type Logger } from '@logpipe/runtime';
import { LineSplitter } from './line-splitter.js';
import type { KafkaShipper } from '../ship/kafka-shipper.js';
import type { Registry } from '../registry/registry.js';
import type { AgentMetrics } from '../agent-metrics.js';
import type { Target } from '../targets/target.js';

const READ_CHUNK_BYTES = 256 * 1024;

export interface FileHarvesterOptions {
  target: Target;
  fileKey: string;
  path: string;
  inode: number;
  startOffset: number;
  encoder: FileEventEncoder;
  /** Kafka message key: agent + path, so one file's lines stay in order in one partition. */
  messageKey: string;
  shipper: KafkaShipper;
  registry: Registry;
  metrics: AgentMetrics;
  logger: Logger;
  pollIntervalMs: number;
  /** A renamed or deleted file is read until it has not grown for this long, then closed. */
  closeRemovedAfterMs: number;
  /** Called after the harvester closed its file for good (rotated away or deleted and drained). */
  onClosed: () => void;
}

/**
 * Follows one file (one device+inode) from a byte offset. It reads through the file handle it
 * opened, never by name, so a rename or delete cannot make it skip to another file's bytes: it
 * drains the old file to its end, and the target's scanner starts a new harvester for whatever
 * file now has the name.
 */
export class FileHarvester {
  private handle: FileHandle | undefined;
  private readonly buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  private readonly splitter: LineSplitter;
  private readOffset: number;
  private pending: Message[] = [];
  private pendingBytes = 0;
  private timestamp = '';
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly labels: { target: string; topic: string };

  constructor(private readonly options: FileHarvesterOptions) {
    this.readOffset = options.startOffset;
    this.labels = { target: options.target.id, topic: options.target.topic };
    this.splitter = new LineSplitter(options.target.maxLineBytes, (text, offset, flags) => this.onLine(text, offset, flags), options.startOffset);
  }

  get path(): string {
    return this.options.path;
  }

  async start(): Promise<void> {
    this.handle = await open(this.options.path, 'r');
    const { ino } = await this.handle.stat();
    if (ino !== this.options.inode) {
      await this.handle.close();
      throw new Error(`${this.options.path} was replaced before it could be opened`);
    }
    this.options.metrics.filesOpen.inc();
    this.loop = this.run();
  }

  /** Asks for a read now instead of at the next poll (called on a change notification). */
  wake(): void {
    this.wakeUp?.();
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
      while (!this.stopped) {
        if (!this.options.shipper.hasCapacity()) {
          await this.options.shipper.waitForCapacity();
          continue;
        }
        const bytesRead = await this.readChunk();
        if (bytesRead > 0) {
          idleSince = Date.now();
          continue;
        }
        const state = await this.fileState();
        if (state === 'truncated') {
          this.options.logger.warn('file truncated; reading it again from the start', { path: this.options.path, offset: this.readOffset });
          this.readOffset = 0;
          this.splitter.reset(0);
          continue;
        }
        if (state === 'gone' && Date.now() - idleSince >= this.options.closeRemovedAfterMs) {
          this.splitter.flushPartial();
          this.ship();
          this.options.logger.info('file rotated away or deleted and fully read; closing', { path: this.options.path });
          this.options.onClosed();
          return;
        }
        await this.sleep(this.options.pollIntervalMs);
      }
    } catch (err) {
      this.options.logger.error('harvester failed; the scanner will reopen the file', { path: this.options.path, err });
      this.options.onClosed();
    } finally {
      await this.handle?.close().catch(() => undefined);
      this.options.metrics.filesOpen.dec();
    }
  }

  private async readChunk(): Promise<number> {
    const { bytesRead } = await this.handle!.read(this.buffer, 0, this.buffer.length, this.readOffset);
    if (bytesRead === 0) return 0;
    this.timestamp = new Date().toISOString();
    this.splitter.push(this.buffer.subarray(0, bytesRead), this.readOffset);
    this.readOffset += bytesRead;
    this.options.metrics.bytesRead.inc(this.labels, bytesRead);
    this.ship();
    return bytesRead;
  }

  /** Hot path: one call per line, no await, no object besides the Kafka message. */
  private onLine(text: string, offset: number, flags: LineFlag[] | undefined): void {
    const { includeLines, excludeLines } = this.options.target;
    if (includeLines.length > 0 && !includeLines.some((r) => r.test(text))) return;
    if (excludeLines.length > 0 && excludeLines.some((r) => r.test(text))) return;
    const value = this.options.encoder.encode(text, offset, this.timestamp, flags);
    this.pending.push({ key: this.options.messageKey, value });
    this.pendingBytes += value.length;
    if (flags?.includes('invalid_utf8')) this.options.metrics.invalidUtf8Lines.inc(this.labels);
    if (flags?.includes('truncated')) this.options.metrics.truncatedLines.inc(this.labels);
  }

  private ship(): void {
    const ackOffset = this.splitter.committedOffset;
    const messages = this.pending;
    this.options.metrics.linesRead.inc(this.labels, messages.length);
    this.pending = [];
    const bytes = this.pendingBytes;
    this.pendingBytes = 0;
    const { registry, fileKey, path } = this.options;
    if (messages.length === 0) {
      // Lines filtered out (or none complete yet) still move the acknowledged offset once
      // everything before them is acknowledged, which enqueueing an empty chunk preserves.
      if (ackOffset === this.lastEnqueuedAck) return;
    }
    this.lastEnqueuedAck = ackOffset;
    this.options.shipper.enqueue({
      topic: this.options.target.topic,
      messages,
      bytes,
      onAcknowledged: () => registry.acknowledge(fileKey, ackOffset, path),
    });
  }

  private lastEnqueuedAck = -1;

  /** `gone`: the name now points elsewhere or nowhere (renamed or deleted). */
  private async fileState(): Promise<'same' | 'truncated' | 'gone'> {
    const own = await this.handle!.stat();
    if (own.size < this.readOffset) return 'truncated';
    if (own.nlink === 0) return 'gone';
    try {
      const named = await stat(this.options.path);
      return named.ino === this.options.inode ? 'same' : 'gone';
    } catch {
      return 'gone';
    }
  }

  private sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wakeUp = () => controller.abort();
    return sleep(ms, controller.signal).finally(() => {
      this.wakeUp = undefined;
    });
  }
}
