// File -> Kafka throughput of the agent and of its peers, on this machine, in one run.
// Usage (after `npx tsc -b`, with the local servers up): node bench/file-to-kafka.mjs [--lines N] [--runs R] [--peers a,b] [--compression gzip|zstd|lz4|snappy]
// Every peer compresses with the same codec (default zstd, the agent's default).
// See bench/README.md for what is measured and the latest numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { endpoints } from '@logpipe/services';
import { writeLogFile } from './lib/log-file.mjs';
import { BenchKafka } from './lib/topics.mjs';
import { cpuSeconds } from './lib/process-cpu.mjs';
import { logagent } from './peers/logagent.mjs';
import { rsyslog } from './peers/rsyslog.mjs';
import { kcat } from './peers/kcat.mjs';

const PEERS = { logagent, rsyslog, kcat };
const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '500000' },
    runs: { type: 'string', default: '3' },
    peers: { type: 'string', default: 'logagent,rsyslog,kcat' },
    partitions: { type: 'string', default: '3' },
    compression: { type: 'string', default: 'zstd' },
  },
});
const lines = Number(args.lines);
const runs = Number(args.runs);
const partitions = Number(args.partitions);
const servers = endpoints();

const peers = [];
for (const name of args.peers.split(',')) {
  const peer = PEERS[name];
  if (!peer) throw new Error(`unknown peer ${name}; known: ${Object.keys(PEERS).join(', ')}`);
  const reason = await peer.unavailable();
  if (reason) console.error(`skipping ${name}: ${reason}`);
  else peers.push(peer);
}

const dir = await mkdtemp(join(tmpdir(), 'logpipe-bench-'));
const kafka = new BenchKafka(servers.kafkaBrokers);
await kafka.connect();
try {
  const file = join(dir, 'access.log');
  const bytes = await writeLogFile(file, lines);
  console.log(`input: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / lines).toFixed(0)} bytes a line); ${runs} runs; topics of ${partitions} partitions`);
  const results = Object.fromEntries(peers.map((p) => [p.name, []]));
  for (let run = 1; run <= runs; run++) {
    // Peers take turns within each run, so a slow patch of the shared machine hits all of them.
    for (const peer of peers) {
      const runId = `${peer.name}-${Date.now().toString(36)}`;
      const topic = `bench_${runId.replace(/-/g, '_')}`;
      await kafka.createTopic(topic, partitions);
      const handle = await peer.start({ file, topic, dir: join(dir, runId), servers, runId, compression: args.compression });
      // CPU from the clock's start: the agent is already running by then, and its start-up
      // (loading modules, connecting) is not a cost per line.
      const cpuAtStart = (await cpuSeconds(handle.pid)) ?? 0;
      try {
        const doneAt = handle.waitForLines ? await handle.waitForLines(lines, 600_000) : await kafka.waitForCount(topic, lines, 600_000);
        const seconds = (doneAt - handle.startedAt) / 1000;
        const cpuAtEnd = await cpuSeconds(handle.pid);
        const cpu = cpuAtEnd === undefined ? undefined : cpuAtEnd - cpuAtStart;
        results[peer.name].push({ seconds, rate: lines / seconds, cpu });
        console.log(`run ${run} ${peer.name.padEnd(8)} ${seconds.toFixed(2)} s  ${Math.round(lines / seconds).toLocaleString('en')} lines/s` + (cpu === undefined ? '' : `  cpu ${cpu.toFixed(2)} s (${((cpu / lines) * 1e6).toFixed(1)} µs a line)`));
      } finally {
        await handle.stop();
        // Exactly N: more would be duplicates, which a throughput number must not hide.
        const final = await (peer.packed ? kafka.countLines(topic) : kafka.count(topic)).catch(() => undefined);
        if (final !== lines) console.log(`  ${peer.name} left ${final} ${peer.packed ? 'lines' : 'messages'} for ${lines} lines`);
        await kafka.deleteTopic(topic);
      }
    }
  }
  console.log('\nmedian of each peer:');
  const medians = {};
  for (const peer of peers) {
    const sorted = results[peer.name].map((r) => r.rate).sort((a, b) => a - b);
    medians[peer.name] = sorted[Math.floor(sorted.length / 2)];
    const cpus = results[peer.name].map((r) => r.cpu).filter((c) => c !== undefined).sort((a, b) => a - b);
    const cpu = cpus.length > 0 ? `, ${Math.round(lines / cpus[Math.floor(cpus.length / 2)]).toLocaleString('en')} lines per CPU-second` : '';
    console.log(`  ${peer.name.padEnd(8)} ${Math.round(medians[peer.name]).toLocaleString('en')} lines/s${cpu}  (${peer.describe})`);
  }
  if (medians.logagent && medians.rsyslog) console.log(`\nlogagent / rsyslog = ${(medians.logagent / medians.rsyslog).toFixed(2)}`);
  if (medians.logagent && medians.kcat) console.log(`logagent / kcat = ${(medians.logagent / medians.kcat).toFixed(2)}`);
} finally {
  await kafka.disconnect();
  await rm(dir, { recursive: true, force: true });
}
