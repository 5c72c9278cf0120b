/**
 * Read buffers are lent to harvesters for one read at a time, and at most MAX_LENT at once:
 * a harvester that wants to read while they are all out waits its turn, first come first
 * served. With thousands of followed files waking up together (a poll, a burst of writes),
 * memory then stays at MAX_LENT buffers instead of one per file, and no file starves: every
 * buffer goes back after each read.
 */
export const READ_CHUNK_BYTES = 256 * 1024;
/** Reads at once: more than the one JavaScript thread can split and encode meanwhile. */
const MAX_LENT = 16;
const pool: Buffer[] = [];
const waiting: ((buffer: Buffer) => void)[] = [];
let lent = 0;

export function acquireReadBuffer(): Promise<Buffer> {
  if (lent < MAX_LENT) {
    lent++;
    return Promise.resolve(pool.pop() ?? Buffer.allocUnsafe(READ_CHUNK_BYTES));
  }
  return new Promise((resolve) => waiting.push(resolve));
}

/** Gives the buffer back (after its bytes were copied or decoded): to the next waiting reader, or to the pool. */
export function releaseReadBuffer(buffer: Buffer): void {
  const next = waiting.shift();
  if (next) {
    next(buffer);
    return;
  }
  lent--;
  pool.push(buffer);
}

/** Buffers lent now, and readers waiting for one (for tests). */
export function readBufferUse(): { lent: number; waiting: number } {
  return { lent, waiting: waiting.length };
}
