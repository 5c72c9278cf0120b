/**
 * Read buffers are lent to harvesters only while they read, and returned when a harvester
 * reaches the end of its file. With a thousand mostly idle files, memory then follows the
 * number of files being read at the moment, not the number followed.
 */
export const READ_CHUNK_BYTES = 256 * 1024;
const MAX_POOLED = 16;
const pool: Buffer[] = [];

export function acquireReadBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafe(READ_CHUNK_BYTES);
}

export function releaseReadBuffer(buffer: Buffer): void {
  if (pool.length < MAX_POOLED) pool.push(buffer);
}
