import { promisify } from 'node:util';
import { gzip, unzip } from 'node:zlib';
import { CompressionCodecs, CompressionTypes } from '@logpipe/kafka';

const gzipAsync = promisify(gzip);
const unzipAsync = promisify(unzip);

/**
 * Makes kafkajs gzip at `level` instead of zlib's default 6. kafkajs's codec registry is global
 * to the process, and the agent is the only producer in its process, so this is set once, at
 * startup. The agent's events are repetitive JSON: level 1 to 3 compress a 512 KiB batch about
 * 11.5:1 in half the time level 6 takes for 13:1 (see bench/README.md), and compression runs on
 * libuv's thread pool, next to the agent's single JavaScript thread on a small machine.
 */
export function useGzipLevel(level: number): void {
  CompressionCodecs[CompressionTypes.GZIP] = () => ({
    compress: (encoder: { buffer: Buffer }) => gzipAsync(encoder.buffer, { level }),
    decompress: (buffer: Buffer) => unzipAsync(buffer),
  });
}
