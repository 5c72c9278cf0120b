#!/usr/bin/env node
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import { createSearchClient } from '@logpipe/search';
import { Etcd3 } from 'etcd3';
import { daemonCommand, endpoints, registerScrapeTarget, repoRoot } from '@logpipe/services';
import { sleep, waitFor } from '@logpipe/runtime';

/**
 * `npm start`: runs both apps against the local servers, puts a demo target into etcd, feeds a
 * demo log, and shows how many of its lines reached Elasticsearch. The apps keep running (and
 * the demo log keeps growing slowly) until Ctrl-C, unless `--once` is given.
 */
const DEMO_LINES = 1000;
const AGENT_NAME = 'demo-agent';
const TOPIC = 'demo_log';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { once: { type: 'boolean' } } });
  const servers = endpoints();
  const dir = join(repoRoot(), '.run', 'demo');
  const logFile = join(dir, 'logs', 'demo.log');
  await mkdir(join(dir, 'logs'), { recursive: true });
  await writeFile(logFile, '', { flag: 'a' });
  const agentIni = join(dir, 'logagent.ini');
  const transferIni = join(dir, 'logtransfer.ini');
  await writeFile(agentIni, [
    '[agent]', `name = ${AGENT_NAME}`, `data_dir = ${join(dir, 'agent-data')}`, `allowed_paths = ${join(dir, 'logs')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`,
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[metrics]', 'listen = 127.0.0.1:9600',
  ].join('\n') + '\n');
  await writeFile(transferIni, [
    '[transfer]', 'group = logtransfer-demo',
    // No `topics`: the transfer consumes the demo target's topic, which it reads from etcd.
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:9601',
  ].join('\n') + '\n');

  const apps = [startApp('logtransfer', transferIni, dir), startApp('logagent', agentIni, dir)];
  const unregister = [
    await registerScrapeTarget('logagent', 'demo', '127.0.0.1:9600', { host: 'demo' }),
    await registerScrapeTarget('logtransfer', 'demo', '127.0.0.1:9601', { host: 'demo' }),
  ];
  const stopAll = async (): Promise<void> => {
    for (const remove of unregister) await remove();
    await Promise.all(apps.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : (child.once('exit', resolve), child.kill('SIGTERM'))))));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));

  const etcd = new Etcd3({ hosts: servers.etcdEndpoints });
  const key = `/logagent/${AGENT_NAME}/collect_config`;
  await etcd.put(key).value(JSON.stringify([{ path: logFile, topic: TOPIC, labels: { source: 'demo' } }]));
  etcd.close();
  console.log(`target in etcd:  ${key} = [{"path":"${logFile}","topic":"${TOPIC}"}]`);

  const es = createSearchClient({ node: servers.elasticsearchUrl });
  const index = `logs-${TOPIC}-*`;
  const before = await count(es, index);
  const runId = new Date().toISOString();
  const lines = Array.from({ length: DEMO_LINES }, (_, i) => `${runId} INFO demo request ${i} served in ${(i * 7) % 250} ms`);
  await appendFile(logFile, lines.join('\n') + '\n');
  console.log(`demo log:        ${DEMO_LINES} lines appended to ${logFile}`);

  const reached = await waitFor(async () => {
    const now = (await count(es, index)) - before;
    return now >= DEMO_LINES ? now : undefined;
  }, { what: `${DEMO_LINES} demo lines in Elasticsearch (logs: ${dir}/*.log)`, timeoutMs: 120_000, intervalMs: 500 });
  console.log(`\n${reached} of ${DEMO_LINES} demo lines reached Elasticsearch (index ${index}).\n`);
  console.log(`See them:  npx logctl query --topic ${TOPIC}${logctlServerFlags(servers)}`);
  console.log(`Or raw:    curl -s '${servers.elasticsearchUrl}/${index}/_search?size=3&sort=log.offset:desc&pretty'`);
  console.log(`Metrics:   curl -s http://127.0.0.1:9600/metrics | grep ^logagent_`);
  console.log(`App logs:  ${dir}/logagent.log, ${dir}/logtransfer.log`);

  if (values.once) {
    await stopAll();
    return;
  }
  console.log('\nThe pipeline keeps running and the demo log grows by a line a second. Ctrl-C stops the apps;');
  console.log('`npm run services -- down` stops the servers.');
  for (let i = 0; ; i++) {
    await sleep(1000);
    await appendFile(logFile, `${new Date().toISOString()} INFO heartbeat ${i}\n`);
  }
}

/** The flags logctl needs for servers moved off their default ports (LOGPIPE_*_PORT): none by default. */
function logctlServerFlags(servers: ReturnType<typeof endpoints>): string {
  const flags: string[] = [];
  if (servers.elasticsearchUrl !== 'http://127.0.0.1:9200') flags.push(`--es ${servers.elasticsearchUrl}`);
  if (servers.etcdEndpoints.join(',') !== 'http://127.0.0.1:2379') flags.push(`--etcd ${servers.etcdEndpoints.join(',')}`);
  return flags.map((flag) => ` ${flag}`).join('');
}

function startApp(app: 'logagent' | 'logtransfer', config: string, dir: string): ChildProcess {
  const out = join(dir, `${app}.log`);
  const { nodeFlags, main } = daemonCommand(app);
  const child = spawn(`exec node ${[...nodeFlags, main].map((arg) => JSON.stringify(arg)).join(' ')} --config ${JSON.stringify(config)} >> ${JSON.stringify(out)} 2>&1`, {
    shell: true,
    stdio: 'ignore',
  });
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) console.error(`${app} exited with ${code}; see ${out}`);
  });
  return child;
}

async function count(es: Client, index: string): Promise<number> {
  await es.indices.refresh({ index, ignore_unavailable: true, allow_no_indices: true });
  return (await es.count({ index, ignore_unavailable: true, allow_no_indices: true })).count;
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${(err as Error).message}`);
  process.exit(1);
});
