import { parseTopicList } from './topic-list.js';

/**
 * The value of `<transfer prefix>/workers/<name>`: a live transfer worker, what it is set to
 * consume and what it consumes now. Each worker writes it under a lease (it exists while the
 * worker runs); logctl reads it to tell which target topics no transfer consumes.
 */
export interface TransferStatus {
  name: string;
  group: string;
  version: string;
  host: string;
  pid: number;
  /** When the process started, ISO 8601. */
  started_at: string;
  metrics_url: string;
  /** `[kafka] topics` as written: names, and regular expressions between slashes. */
  topics: string[];
  /** The agents' etcd prefix whose targets' topics it consumes; null when it consumes none of them. */
  target_topics_from: string | null;
  /** The topics its consumer is subscribed to now. */
  consuming: string[];
}

/** `<prefix>/workers/<name>`: where a worker registers. */
export function transferStatusKey(prefix: string, name: string): string {
  return `${prefix}/workers/${name}`;
}

/** The folder of every worker's status key, with its trailing slash. */
export function transferWorkersPrefix(prefix: string): string {
  return `${prefix}/workers/`;
}

const STRING_FIELDS = ['name', 'group', 'version', 'host', 'started_at', 'metrics_url'] as const;

/** Reads a status value, or explains why it is not one (a worker of another version: extra fields are ignored). */
export function parseTransferStatus(value: string): { ok: true; status: TransferStatus } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${(err as Error).message}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, error: 'not a JSON object' };
  const raw = json as Record<string, unknown>;
  const strings = (field: string) => Array.isArray(raw[field]) && (raw[field] as unknown[]).every((item) => typeof item === 'string');
  const wrong = [
    ...STRING_FIELDS.filter((field) => typeof raw[field] !== 'string'),
    ...(typeof raw.pid === 'number' ? [] : ['pid']),
    ...(['topics', 'consuming'] as const).filter((field) => !strings(field)),
    ...(raw.target_topics_from === null || typeof raw.target_topics_from === 'string' ? [] : ['target_topics_from']),
  ];
  if (wrong.length > 0) return { ok: false, error: `missing or mistyped fields: ${wrong.join(', ')}` };
  return { ok: true, status: raw as unknown as TransferStatus };
}

/**
 * Whether this worker consumes `topic`, or will as soon as it exists: it is subscribed to it, or
 * a target under `agentsPrefix` names it and the worker consumes those targets' topics, or
 * `[kafka] topics` lists it or matches it.
 */
export function transferConsumes(status: TransferStatus, topic: string, agentsPrefix: string, fromTargets: boolean): boolean {
  if (status.consuming.includes(topic)) return true;
  if (fromTargets && status.target_topics_from === agentsPrefix) return true;
  return parseTopicList(status.topics).topics.some((item) => (typeof item === 'string' ? item === topic : item.test(topic)));
}
