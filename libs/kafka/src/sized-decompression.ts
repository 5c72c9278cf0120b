import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import { compressionsAlgorithms } from '@platformatic/kafka';

type Codec = { decompressSync: (data: Buffer | { buffer: Buffer }) => Buffer };

/**
 * Makes the client decompress gzip and zstd record batches with an output buffer sized for
 * the batch. The client calls zlib with its default 16 KiB chunks, so a 512 KiB batch of the
 * agent's events (43 KB in zstd) is inflated in 32 steps and concatenated: 700 MB/s. With one
 * chunk of about 16 times the compressed size (what the agent's events compress by, 11 to 12:1),
 * it is 1,050 to 1,300 MB/s (bench/README.md). Decompression was 22% of the transfer's CPU.
 * The codecs are one table for the process; only consumers decompress.
 */
export function sizeDecompressionBuffers(): void {
  (compressionsAlgorithms.zstd as Codec).decompressSync = (data) => {
    const input = bytesOf(data);
    return zstdDecompressSync(input, { chunkSize: outputGuess(input) });
  };
  (compressionsAlgorithms.gzip as Codec).decompressSync = (data) => {
    const input = bytesOf(data);
    return gunzipSync(input, { chunkSize: outputGuess(input) });
  };
}

/** 16 times the input, as a power of two between 64 KiB and 8 MiB: larger output just takes more chunks. */
function outputGuess(input: Buffer): number {
  return Math.min(8 << 20, Math.max(64 << 10, 2 ** Math.ceil(Math.log2(input.length * 16))));
}

function bytesOf(data: Buffer | { buffer: Buffer }): Buffer {
  return Buffer.isBuffer(data) ? data : data.buffer;
}
