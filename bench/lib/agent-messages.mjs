// The agent's events for the benchmark's nginx lines, as Kafka message values: encoded as the
// agent encodes them and packed as it packs them, as Buffers (what the producer takes).
import { hostname } from 'node:os';
import { EventPacker, FileEventEncoder } from '@logpipe/event';
import { logLines } from './log-file.mjs';

/**
 * The agent's events for `count` lines, packed by `perMessage`. The array's `eventBytes` is the
 * events' size unpacked (each with its newline), for compression ratios.
 */
export function agentMessages(count, perMessage) {
  const encoder = new FileEventEncoder({
    fileKey: '3f9a1c2b7d4e5f60',
    path: '/var/log/nginx/access.log',
    hostName: hostname(),
    agent: { name: 'bench', id: '6c0e4a8e-3b1d-4f57-9a51-2f0d8c1e7b93', version: '0.1.0' },
    format: 'nginx',
  });
  const values = [];
  // Buffers, as the agent hands them to its producer: @platformatic/kafka takes nothing else
  // without serializers.
  const packer = new EventPacker({ maxEvents: perMessage }, (value) => values.push(Buffer.from(value)));
  const timestamp = new Date().toISOString();
  let offset = 0;
  let eventBytes = 0;
  for (const line of logLines(count)) {
    const event = encoder.encode(line, offset, timestamp);
    eventBytes += Buffer.byteLength(event) + 1;
    packer.add(event);
    offset += Buffer.byteLength(line) + 1;
  }
  packer.flush();
  return Object.assign(values, { eventBytes });
}
