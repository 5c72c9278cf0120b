import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes tell a reused inode, a rewritten file or a copy from the file that had them. */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  hash: string;
  bytes: number;
}

export function hashBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** Reads the first `length` bytes (fewer if the file is shorter). */
export async function readHead(handle: FileHandle, length = FINGERPRINT_BYTES): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}

/** True when `head` begins with the `bytes` bytes that hash to `hash`. */
export function headMatches(head: Buffer, hash: string, bytes: number): boolean {
  return head.length >= bytes && hashBytes(head.subarray(0, bytes)) === hash;
}

export function fingerprintOfHead(head: Buffer): Fingerprint {
  return { hash: hashBytes(head), bytes: head.length };
}
