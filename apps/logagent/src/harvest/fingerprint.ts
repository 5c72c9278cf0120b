import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes tell a reused inode from the file that had it before. */
export const FINGERPRINT_BYTES = 1024;

export interface Fingerprint {
  hash: string;
  bytes: number;
}

/** Hashes the first `length` bytes (fewer if the file is shorter). */
export async function fingerprintOf(handle: FileHandle, length = FINGERPRINT_BYTES): Promise<Fingerprint> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return { hash: createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('base64url'), bytes: bytesRead };
}
