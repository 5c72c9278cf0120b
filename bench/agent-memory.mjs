// The agent's memory with many followed files: N files of a few lines each under one glob
// target, every line produced (acks=all), then the files kept open and growing slowly for a
// while. Reports the agent's RSS and V8 heap once every file is followed, and the peak while
// they grow. Usage (after `npx tsc -b`, local servers up):
//   scripts/node bench/agent-memory.mjs [--files 1000,10000] [--lines-per-file N] [--hold-seconds N]
import { appendFile, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Etcd3 } from 'etcd3';
import { daemonCommand, endpoints } from '@logpipe/services';
import { startChild } from './lib/child.mjs';
import { BenchKafka } from './lib/topics.mjs';

const { values: args } = parseArgs({
  options: {
    files: { type: 'string', default: '1000,10000' },
    'lines-per-file': { type: 'string', default: '10' },
    'hold-seconds': { type: 'string', default: '20' },
  },
});
const servers = endpoints();
const agent = daemonCommand('logagent');
const linesPerFile = Number(args['lines-per-file']);

const rssMiB = async (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
/**
 * The agent's /metrics text. A kept-alive connection the agent closed as idle (Node's 5 s
 * keep-alive timeout, passed while the agent was busy opening thousands of files) fails the next
 * fetch with ECONNRESET: that fetch is tried again, on a new connection.
 */
async function scrape(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url).then((r) => r.text());
    } catch (err) {
      if (attempt === 3 || err?.cause?.code !== 'ECONNRESET') throw err;
    }
  }
}

async function metric(url, name) {
  const text = await scrape(url);
  return text
    .split('\n')
    .filter((l) => l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{'))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

async function measure(files) {
  const dir = await mkdtemp(join(tmpdir(), `logpipe-memory-${files}-`));
  const logs = join(dir, 'logs');
  await mkdir(logs);
  for (let i = 0; i < files; i++) {
    await writeFile(join(logs, `service-${i}.log`), Array.from({ length: linesPerFile }, (_, n) => `127.0.0.1 - - service ${i} line ${n} GET /index.html 200`).join('\n') + '\n');
  }
  const runId = `mem${files}-${Date.now().toString(36)}`;
  const prefix = `/logpipe-bench/${runId}`;
  const topic = `bench_memory_${runId}`;
  const config = join(dir, 'logagent.ini');
  await writeFile(config, [
    '[agent]', `name = ${runId}`, `data_dir = ${join(dir, 'data')}`, `allowed_paths = ${logs}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${prefix}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  const kafka = new BenchKafka(servers.kafkaBrokers);
  await kafka.createTopic(topic, 3);
  const child = startChild(process.execPath, [...agent.nodeFlags, ...(process.env.BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean), agent.main, '--config', config]);
  const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
  try {
    await child.waitForStderr('"metrics":"http');
    const url = new URL('/metrics', /"metrics":"(http:[^"]+)"/.exec(child.stderr)[1]);
    const idle = await rssMiB(child.pid);
    const started = Date.now();
    await etcd.put(`${prefix}/${runId}/targets/many`).value(JSON.stringify({ path: join(logs, '*.log'), topic }));
    const total = files * linesPerFile;
    for (;;) {
      if ((await metric(url, 'logagent_lines_produced_total')) >= total) break;
      if (Date.now() - started > 600_000) throw new Error(`not every line produced after 600 s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const followedIn = (Date.now() - started) / 1000;
    const open = await metric(url, 'logagent_files_open');
    const afterCatchUp = await rssMiB(child.pid);
    // Every file grows a little, one after another, for the hold time: the agent keeps them all.
    let peak = afterCatchUp;
    let atPeak = {};
    const until = Date.now() + Number(args['hold-seconds']) * 1000;
    for (let round = 0; Date.now() < until; round++) {
      for (let i = round % 10; i < files; i += 10) await appendFile(join(logs, `service-${i}.log`), `service ${i} more ${round}\n`);
      const rss = await rssMiB(child.pid);
      if (rss > peak) {
        peak = rss;
        atPeak = { heapTotal: (await metric(url, 'nodejs_heap_size_total_bytes')) / 2 ** 20, external: (await metric(url, 'nodejs_external_memory_bytes')) / 2 ** 20 };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const heap = (await metric(url, 'nodejs_heap_size_used_bytes')) / 2 ** 20;
    const held = await kafka.countLines(topic);
    return { files, open, idle, afterCatchUp, peak, atPeak, heap, followedIn, held, total };
  } finally {
    await child.stop();
    await etcd.delete().prefix(`${prefix}/`);
    etcd.close();
    await kafka.deleteTopic(topic);
    await kafka.disconnect();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log('| files | open | RSS idle | RSS, all followed | RSS peak while growing (V8 heap, external) | heap used at the end | all lines in | lines in Kafka |');
console.log('|---|---|---|---|---|---|---|---|');
for (const files of args.files.split(',').map(Number)) {
  const r = await measure(files);
  console.log(
    `| ${r.files.toLocaleString('en')} | ${r.open} | ${r.idle.toFixed(0)} MiB | ${r.afterCatchUp.toFixed(0)} MiB | ${r.peak.toFixed(0)} MiB (${(r.atPeak.heapTotal ?? 0).toFixed(0)}, ${(r.atPeak.external ?? 0).toFixed(0)}) | ${r.heap.toFixed(0)} MiB | ${r.followedIn.toFixed(1)} s | ${r.held} of ${r.total}+ |`,
  );
}
