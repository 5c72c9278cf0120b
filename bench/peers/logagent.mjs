// The agent under test, run as users run it: `node apps/logagent/dist/main.js --config FILE`,
// with the default [kafka] settings (gzip, batch_bytes, batch_messages, linger, acks=all,
// idempotent). The clock starts when the target is put into etcd, once the agent is running.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { startChild } from '../lib/child.mjs';

const main = fileURLToPath(new URL('../../apps/logagent/dist/main.js', import.meta.url));

export const logagent = {
  name: 'logagent',
  describe: 'logagent (this repo): JSON event per line (ECS fields), gzip, acks=all, idempotent',

  async unavailable() {
    return undefined;
  },

  async start({ file, topic, dir, servers, runId }) {
    const name = `bench-${runId}`;
    const prefix = `/logpipe-bench/${runId}`;
    await mkdir(dir, { recursive: true });
    const config = join(dir, 'logagent.ini');
    await writeFile(config, [
      '[agent]', `name = ${name}`, `data_dir = ${join(dir, 'agent-data')}`,
      '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `prefix = ${prefix}`,
      '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
      '[metrics]', 'listen = 127.0.0.1:0',
    ].join('\n') + '\n');
    // BENCH_AGENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the agent.
    const nodeArgs = (process.env.BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = startChild(process.execPath, [...nodeArgs, main, '--config', config]);
    await child.waitForStderr('"message":"running"');
    const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
    const startedAt = Date.now();
    await etcd.put(`${prefix}/${name}/targets/bench`).value(JSON.stringify({ path: file, topic }));
    return {
      startedAt,
      pid: child.pid,
      async stop() {
        await child.stop();
        await etcd.delete().prefix(`${prefix}/`);
        etcd.close();
      },
    };
  },
};
