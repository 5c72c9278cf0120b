import type { FileHandle } from 'node:fs/promises';
import { FINGERPRINT_BYTES, fingerprintOfHead, headMatches, type Fingerprint } from './fingerprint.js';

/**
 * The first bytes (up to FINGERPRINT_BYTES) of the file a harvester follows, kept in memory.
 *
 * A truncated file that is written again past the harvester's offset before its next poll looks
 * like a file that just grew: only its first bytes changed. So after every read the harvester
 * checks them (one small pread, no hashing) before it trusts the bytes it read.
 */
export class FileHead {
  private readonly bytes = Buffer.alloc(FINGERPRINT_BYTES);
  private readonly probe = Buffer.alloc(FINGERPRINT_BYTES);
  private length = 0;

  get size(): number {
    return this.length;
  }

  async load(handle: FileHandle): Promise<void> {
    const { bytesRead } = await handle.read(this.bytes, 0, FINGERPRINT_BYTES, 0);
    this.length = bytesRead;
  }

  reset(): void {
    this.length = 0;
  }

  /** Takes in bytes just read at `offset` where they continue the head; true when it grew. */
  extend(chunk: Buffer, offset: number): boolean {
    if (this.length >= FINGERPRINT_BYTES || offset > this.length || offset + chunk.length <= this.length) return false;
    const copied = chunk.copy(this.bytes, this.length, this.length - offset, Math.min(chunk.length, FINGERPRINT_BYTES - offset));
    this.length += copied;
    return copied > 0;
  }

  /** True when the file still begins with these bytes. */
  async intact(handle: FileHandle): Promise<boolean> {
    if (this.length === 0) return true;
    const { bytesRead } = await handle.read(this.probe, 0, this.length, 0);
    return bytesRead === this.length && this.probe.compare(this.bytes, 0, this.length, 0, this.length) === 0;
  }

  matches(hash: string, bytes: number): boolean {
    return headMatches(this.bytes.subarray(0, this.length), hash, bytes);
  }

  fingerprint(): Fingerprint {
    return fingerprintOfHead(this.bytes.subarray(0, this.length));
  }
}
