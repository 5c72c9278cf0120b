import { open } from 'node:fs/promises';

/**
 * The last `count` lines of a file, reading only its end: Kafka and Elasticsearch logs grow to
 * hundreds of megabytes. Returns [] when the file does not exist.
 */
export async function tailLines(file: string, count = 40, maxBytes = 256 * 1024): Promise<string[]> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    // The first line is probably cut in the middle when we did not read from the start.
    if (length < size) lines.shift();
    return lines.slice(-count);
  } finally {
    await handle.close();
  }
}
