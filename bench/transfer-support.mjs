// The transfer benchmark's input and peers' helpers: agent events made with the agent's own
// encoder, the documents the transfer makes of them (for the direct loader), and the Kafka and
// Elasticsearch plumbing around a run. Used by bench/transfer-throughput.mjs.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runtimeDir } from '@logpipe/services';
import { accessLogLines } from './lib/log-file.mjs';
import { createKafka } from '@logpipe/kafka';
import { EventPacker, FileEventEncoder, fileKey } from '@logpipe/event';
import { IndexPattern } from '@logpipe/logtransfer/dist/transform/index-name.js';
import { toDocuments } from '@logpipe/logtransfer/dist/transform/to-document.js';
import { compileTransform, DEFAULT_TRANSFORM_SECTION } from '@logpipe/logtransfer/dist/transform/transform-config.js';
import { indexTemplateRequest, templatePattern } from '@logpipe/logtransfer/dist/sink/index-template.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Every event of a run falls on this day, so each peer writes one daily index. */
export const EVENT_DAY = Date.UTC(2026, 10, 24, 8, 0, 0);

/** httpdate, as access logs write it: `24/Nov/2026:08:00:00 +0000`. */
function httpDate(t) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
}

/** nginx "combined" lines with their own times (httpdate) on EVENT_DAY, 50 ms apart. */
export function accessLines(count, seed = 7) {
  return accessLogLines(count, { seed, startMs: EVENT_DAY, stepMs: 50, formatTime: httpDate });
}

/**
 * `count` agent events of one file, encoded as the agent sends them (target format `format`),
 * with the line lengths they came from.
 */
export function agentEvents(count, format) {
  const encoder = new FileEventEncoder({
    fileKey: fileKey({ agentId: 'bench-agent', device: 1, inode: 1, nonce: 'bench' }),
    path: '/var/log/nginx/access.log',
    hostName: 'web-1',
    agent: { name: 'web-1', id: 'bench-agent', version: '0.1.0' },
    labels: { env: 'bench' },
    format,
  });
  const values = [];
  let offset = 0;
  let lineBytes = 0;
  for (const line of accessLines(count)) {
    values.push(encoder.encode(line, offset, new Date(EVENT_DAY + values.length * 50 + 10).toISOString()));
    const bytes = Buffer.byteLength(line) + 1;
    offset += bytes;
    lineBytes += bytes;
  }
  return { values, lineBytes };
}

/**
 * What the transfer makes of the events, with its own code (index name, id, serialised body):
 * the direct loader sends exactly these, so both peers index the same documents.
 */
export function preparedDocuments(values, topic, indexPattern) {
  const transform = compileTransform(DEFAULT_TRANSFORM_SECTION, 'bench');
  const route = { indexName: new IndexPattern(indexPattern).forTopic(topic), format: undefined };
  const ingested = new Date().toISOString();
  const documents = [];
  for (const [i, value] of values.entries()) {
    toDocuments(topic, 0, { offset: String(i), timestamp: String(EVENT_DAY), key: null, value: Buffer.from(value) }, route, ingested, transform, documents);
  }
  return documents.map(({ index, id, body }) => ({ index, id, body }));
}

export function benchKafka(brokers) {
  return createKafka({ brokers, clientId: 'logpipe-transfer-bench' });
}

/**
 * The events packed into message values as the agent packs them (wire format v2,
 * `[kafka] events_per_message` events a message); 1 leaves every event alone.
 */
export function packEvents(values, perMessage) {
  const messages = [];
  const packer = new EventPacker({ maxEvents: perMessage }, (value) => messages.push(value));
  for (const value of values) packer.add(value);
  packer.flush();
  return messages;
}

/**
 * Produces the message values as the agent would (its codec, acks=all), spread evenly over the
 * partitions, before any clock starts.
 */
export async function preloadTopic(kafka, topic, partitions, values, compression = 'zstd') {
  const admin = kafka.admin();
  try {
    await admin.createTopics([{ topic, partitions, replicationFactor: 1 }]);
  } finally {
    await admin.close();
  }
  const producer = kafka.producer({ idempotent: true, compression });
  try {
    // Round robin over the partitions, in requests of about the agent's batch size (512 KiB
    // before compression per partition), which keeps each record batch under the broker's limit.
    const perPartition = Array.from({ length: partitions }, () => []);
    values.forEach((value, i) => perPartition[i % partitions].push(value));
    const cursors = new Array(partitions).fill(0);
    while (cursors.some((c, p) => c < perPartition[p].length)) {
      const records = [];
      for (let p = 0; p < partitions; p++) {
        let bytes = 0;
        const first = records.length;
        while (cursors[p] < perPartition[p].length && (records.length === first || bytes < 512 * 1024)) {
          const value = perPartition[p][cursors[p]++];
          bytes += value.length;
          records.push({ topic, value: Buffer.from(value), partition: p });
        }
      }
      await producer.send(records);
    }
  } finally {
    await producer.close();
  }
}

/** Committed offsets of the group on the topic, summed. */
export async function committedTotal(admin, group, topic) {
  const committed = (await admin.committedOffsets(group, [topic])).get(topic);
  return [...(committed?.values() ?? [])].reduce((sum, offset) => sum + Math.max(0, offset), 0);
}

/** The transfer's template (name, mappings, settings) over the loader's own index pattern. */
export async function installLoaderTemplate(es, name, indexPattern) {
  await es.indices.putIndexTemplate(indexTemplateRequest({ name, patterns: [templatePattern(indexPattern)] }));
}

export async function countDocuments(es, index) {
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true })).count;
}

/** Deletes the indices a wildcard matches, by name (Elasticsearch refuses wildcard deletes). */
export async function deleteIndices(es, pattern) {
  const rows = await es.cat.indices({ index: pattern, h: 'index', format: 'json' }).catch(() => []);
  const names = rows.map((r) => r.index).filter(Boolean);
  if (names.length > 0) await es.indices.delete({ index: names.join(','), ignore_unavailable: true });
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined when it is gone. */
export async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // The fields after the command name (which may hold spaces) start after its ") ".
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
}

/**
 * The local servers' process ids, from the harness's pid files (one folder per release,
 * `elasticsearch-9.5.0`, `kafka-4.4.0`): the folder whose process is alive.
 */
export async function serverPids() {
  const dir = runtimeDir();
  const folders = await readdir(dir).catch(() => []);
  const pid = async (...prefixes) => {
    for (const folder of folders.filter((f) => prefixes.some((p) => f.startsWith(p)))) {
      const found = Number((await readFile(join(dir, folder, 'pid'), 'utf8').catch(() => '')).trim());
      if (found && (await cpuSeconds(found)) !== undefined) return found;
    }
    return undefined;
  };
  return { elasticsearch: await pid('elasticsearch', 'opensearch'), kafka: await pid('kafka') };
}
