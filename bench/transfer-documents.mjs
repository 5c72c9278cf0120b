// The transfer's own CPU per document, without Kafka or Elasticsearch: agent events packed as
// the agent packs them, made into documents (toDocuments) and written into bulk bodies
// (BulkBody), in this process. A component benchmark for changes to that path: compare two
// builds on the same machine, one after the other. transfer-throughput.mjs measures the whole.
// Usage (after `npx tsc -b`): node bench/transfer-documents.mjs [--format nginx|plain|…] [--events N] [--runs R]
import { parseArgs } from 'node:util';
import { compileTransform, DEFAULT_TRANSFORM_SECTION } from '@logpipe/logtransfer/dist/transform/transform-config.js';
import { IndexPattern } from '@logpipe/logtransfer/dist/transform/index-name.js';
import { toDocuments } from '@logpipe/logtransfer/dist/transform/to-document.js';
import { BulkBody, actionPrefix } from '@logpipe/logtransfer/dist/sink/bulk-body.js';
import { agentEvents, packEvents } from './transfer-support.mjs';

const { values: args } = parseArgs({
  options: {
    format: { type: 'string', default: 'nginx' },
    events: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '7' },
    // The agent's default `[kafka] events_per_message`, and the transfer's default `[bulk] flush_bytes`.
    'events-per-message': { type: 'string', default: '128' },
    'flush-bytes': { type: 'string', default: String(5 << 20) },
  },
});
const { values } = agentEvents(Number(args.events), args.format);
const messages = packEvents(values, Number(args['events-per-message'])).map((value) => Buffer.from(value));
const transform = compileTransform(DEFAULT_TRANSFORM_SECTION, 'bench');
const route = { indexName: new IndexPattern('{topic}-{yyyy.MM.dd}').forTopic('bench'), format: undefined };
const prefix = actionPrefix('index', 'bench');
const flushBytes = Number(args['flush-bytes']);

/** CPU microseconds per document for one pass over every message. */
function pass() {
  const before = process.cpuUsage();
  const body = new BulkBody(flushBytes);
  const documents = [];
  for (const [i, value] of messages.entries()) {
    documents.length = 0;
    toDocuments('bench', 0, { offset: String(i), timestamp: '0', key: null, value }, route, '2026-12-04T00:00:00.000Z', transform, documents);
    for (const d of documents) {
      body.append(prefix, d.id, d.body);
      if (body.bytes >= flushBytes) body.take();
    }
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / values.length;
}

const results = Array.from({ length: Number(args.runs) }, pass);
const sorted = [...results].sort((a, b) => a - b);
console.log(
  `${args.format}: ${values.length} events in ${messages.length} messages; CPU per document (made and written), ` +
    `median of ${results.length}: ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} µs (runs: ${results.map((r) => r.toFixed(2)).join(' · ')})`,
);
