import { ServicesError } from './errors.js';
import { type Ports, readPorts } from './ports.js';
import { readSelection, type Selection } from './releases.js';

/** Everything the environment can change about the servers, read and checked in one place. */
export interface Settings {
  ports: Ports;
  /** JVM heap for Elasticsearch, as `-Xms`/`-Xmx` take it, e.g. `512m`. */
  elasticsearchHeap: string;
  /** Which Kafka and which search server (LOGPIPE_KAFKA_VERSION, LOGPIPE_SEARCH). */
  selection: Selection;
}

const DEFAULT_ES_HEAP = '512m';
// The shared 2-core machines also run Kafka, the apps and the tests; more than 1 GiB starves them.
const MAX_ES_HEAP_MB = 1024;
// Below this Elasticsearch spends its time in GC and the integration tests time out.
const MIN_ES_HEAP_MB = 256;

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const { ports, problems } = readPorts(env);
  const heap = parseHeap(env.LOGPIPE_ES_HEAP);
  if (typeof heap !== 'string') problems.push(heap.problem);
  const selection = readSelection(env, problems);
  if (problems.length > 0) {
    throw new ServicesError(`invalid server settings in the environment:\n  - ${problems.join('\n  - ')}`);
  }
  return { ports, elasticsearchHeap: heap as string, selection };
}

export function parseHeap(raw: string | undefined): string | { problem: string } {
  if (raw === undefined || raw.trim() === '') return DEFAULT_ES_HEAP;
  const match = /^(\d+)([mg])$/i.exec(raw.trim());
  const mb = match ? Number(match[1]) * (match[2].toLowerCase() === 'g' ? 1024 : 1) : NaN;
  if (!(mb >= MIN_ES_HEAP_MB && mb <= MAX_ES_HEAP_MB)) {
    return { problem: `LOGPIPE_ES_HEAP=${JSON.stringify(raw)} is invalid: use a size from ${MIN_ES_HEAP_MB}m to 1g, like ${DEFAULT_ES_HEAP}` };
  }
  return `${mb}m`;
}
