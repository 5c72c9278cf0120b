// The agent under test, run as users run it: `node [apps/logagent/node-flags] apps/logagent/dist/main.js --config FILE`,
// with the default [kafka] settings (gzip, events_per_message, batch_bytes, batch_messages,
// linger, acks=all, idempotent). The clock starts when the target is put into etcd, once the
// agent is running. The agent packs lines into messages, so the topic's message count is not its
// line count: the clock stops when the agent's own counter of lines Kafka acknowledged
// (`logagent_lines_produced_total`, counted only after acks=all) reaches every line, and the run
// then reads the topic to check it holds exactly that many lines.
// BENCH_AGENT_KAFKA="events_per_message=1,batch_bytes=1MiB" overrides [kafka] keys for a trial.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { daemonCommand } from '@logpipe/services';
import { startChild } from '../lib/child.mjs';

// Its Node flags as the image runs it (apps/logagent/node-flags), then any a trial adds.
const agent = daemonCommand('logagent');

export const logagent = {
  name: 'logagent',
  describe: 'logagent (this repo): JSON event per line (ECS fields), packed into messages, same codec, acks=all, idempotent',
  /** Messages hold several lines each: count lines, not messages. */
  packed: true,

  async unavailable() {
    return undefined;
  },

  async start({ file, topic, dir, servers, runId, compression }) {
    const name = `bench-${runId}`;
    const prefix = `/logpipe-bench/${runId}`;
    await mkdir(dir, { recursive: true });
    const config = join(dir, 'logagent.ini');
    await writeFile(config, [
      '[agent]', `name = ${name}`, `data_dir = ${join(dir, 'agent-data')}`,
      '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${prefix}`,
      '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `compression = ${compression}`,
      ...(process.env.BENCH_AGENT_KAFKA ?? '').split(',').filter(Boolean).map((pair) => pair.replace('=', ' = ')),
      '[metrics]', 'listen = 127.0.0.1:0',
    ].join('\n') + '\n');
    // BENCH_AGENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the agent.
    const nodeArgs = (process.env.BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = startChild(process.execPath, [...agent.nodeFlags, ...nodeArgs, agent.main, '--config', config]);
    await child.waitForStderr('"message":"running"');
    await child.waitForStderr('"metrics":"http');
    const metricsUrl = /"metrics":"(http:[^"]+)"/.exec(child.stderr)?.[1];
    if (!metricsUrl) throw new Error(`the agent did not log its metrics address:\n${child.stderr.slice(-2000)}`);
    const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
    const startedAt = Date.now();
    await etcd.put(`${prefix}/${name}/targets/bench`).value(JSON.stringify({ path: file, topic }));
    return {
      startedAt,
      pid: child.pid,
      /** Resolves with the time the agent counted `count` lines acknowledged by Kafka. */
      async waitForLines(count, timeoutMs, intervalMs = 50) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const text = await fetch(new URL('/metrics', metricsUrl)).then((r) => r.text());
          const line = text.split('\n').find((l) => l.startsWith('logagent_lines_produced_total{') && l.includes(`topic="${topic}"`));
          const seen = line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
          if (seen >= count) return Date.now();
          if (Date.now() > deadline) throw new Error(`the agent produced ${seen} of ${count} lines after ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, intervalMs));
        }
      },
      async stop() {
        await child.stop();
        await etcd.delete().prefix(`${prefix}/`);
        etcd.close();
      },
    };
  },
};
