// Writes the benchmark's input: nginx "combined" access-log lines from a seeded generator, so
// every run and every peer reads the same bytes, and gzip sees text as varied as real logs
// (a file of repeated lines would compress, and so ship, unrealistically fast).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const PATHS = ['/api/v1/orders', '/api/v1/users', '/api/v1/cart/items', '/static/app.js', '/static/style.css', '/login', '/search', '/healthz'];
const STATUSES = [200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 404, 500, 503];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'curl/8.5.0',
  'kube-probe/1.31',
  'Go-http-client/2.0',
];

/** mulberry32: a tiny seeded PRNG, so every run and every peer sees the same lines. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * nginx "combined" lines, 150 to 250 bytes: line `i` is read at `startMs + i * stepMs`, its time
 * written by `formatTime`. Both benchmarks draw from this one generator.
 */
export function* accessLogLines(count, { seed, startMs, stepMs, formatTime }) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  for (let i = 0; i < count; i++) {
    const time = formatTime(new Date(startMs + i * stepMs));
    const ip = `10.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}`;
    const path = `${pick(PATHS)}/${Math.floor(next() * 100000)}?page=${Math.floor(next() * 50)}&req=${i}`;
    yield `${ip} - - [${time}] "${pick(METHODS)} ${path} HTTP/1.1" ${pick(STATUSES)} ${Math.floor(next() * 50000)} "https://shop.example.com/p/${Math.floor(next() * 9999)}" "${pick(AGENTS)}"`;
  }
}

/** The file → Kafka benchmark's lines: times in ISO 8601 (the agent does not parse them). */
export function logLines(count, seed = 42) {
  return accessLogLines(count, { seed, startMs: Date.UTC(2026, 10, 24, 21, 0, 0), stepMs: 3, formatTime: (t) => t.toISOString() });
}

/** Writes `count` lines to `path`; resolves with the file's size in bytes. */
export async function writeLogFile(path, count) {
  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = '';
  for (const line of logLines(count)) {
    buffer += line + '\n';
    if (buffer.length >= 1 << 20) {
      bytes += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  bytes += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return bytes;
}
