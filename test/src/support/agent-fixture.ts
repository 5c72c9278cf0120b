import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kafka } from '@logpipe/kafka';
import { AppProcess } from './app-process.js';
import { testKafka } from './kafka.js';
import { testWorkspace } from './test-workspace.js';

export interface AgentFixtureOptions {
  /** Extra INI lines per section, e.g. `{ agent: ['scan_interval = 200ms'] }`. */
  ini?: Partial<Record<'agent' | 'etcd' | 'kafka' | 'metrics' | 'log', string[]>>;
  /** Brokers the agent uses (default: the harness's Kafka); a fault proxy's address, for example. */
  kafkaBrokers?: string[];
  etcdEndpoints?: string[];
}

/**
 * Everything an agent test needs, with names no other test uses: a temp dir with a `logs/`
 * folder, an agent process configured for the real servers, an etcd client under the test's own
 * prefix, and a Kafka client. `cleanup()` stops the agent and removes the etcd keys, the topics
 * the test made (all start with `names.topic`) and the temp dir.
 */
export async function agentFixture(label: string, options: AgentFixtureOptions = {}) {
  const { names, servers, dir, logDir, etcd } = await testWorkspace(label);
  const kafka: Kafka = testKafka();
  const ini = options.ini ?? {};
  const section = (name: keyof NonNullable<AgentFixtureOptions['ini']>, lines: string[]) => [`[${name}]`, ...lines, ...(ini[name] ?? [])];

  const makeAgent = (): Promise<AppProcess> =>
    AppProcess.withConfig('logagent', dir, [
      ...section('agent', [`name = ${names.agentName}`, `data_dir = ${join(dir, 'agent-data')}`, 'scan_interval = 250ms', 'poll_interval = 50ms']),
      ...section('etcd', [`endpoints = ${(options.etcdEndpoints ?? servers.etcdEndpoints).join(',')}`, `prefix = ${names.etcdPrefix}`]),
      ...section('kafka', [`brokers = ${(options.kafkaBrokers ?? servers.kafkaBrokers).join(',')}`, 'topic_partitions = 2', 'linger = 5ms']),
      ...section('metrics', ['listen = 127.0.0.1:0']),
      ...section('log', []),
    ].join('\n') + '\n');

  const agent = await makeAgent();
  const agentKey = (suffix: string) => `${names.etcdPrefix}/${names.agentName}/${suffix}`;

  return {
    names,
    dir,
    logDir,
    etcd,
    kafka,
    agent,
    /** A second agent process with the same config and data dir: the "restart" of `agent`. */
    newAgentProcess: makeAgent,
    agentKey,
    putTarget: (id: string, target: unknown) => etcd.put(agentKey(`targets/${id}`)).value(typeof target === 'string' ? target : JSON.stringify(target)),
    deleteTarget: (id: string) => etcd.delete().key(agentKey(`targets/${id}`)),
    putCollectConfig: (targets: unknown) => etcd.put(agentKey('collect_config')).value(typeof targets === 'string' ? targets : JSON.stringify(targets)),
    async cleanup(...processes: AppProcess[]): Promise<void> {
      await Promise.allSettled([agent, ...processes].map((p) => p.kill()));
      await etcd.delete().prefix(names.etcdPrefix + '/').catch(() => undefined);
      etcd.close();
      const admin = kafka.admin();
      try {
        await admin.deleteTopics((await admin.listTopics()).filter((t) => t.startsWith(names.topic)));
      } catch {
        // best effort: a leftover uniquely named topic harms no other test
      } finally {
        await admin.close();
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type AgentFixture = Awaited<ReturnType<typeof agentFixture>>;
