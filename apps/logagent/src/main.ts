import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@logpipe/config';
import { createKafka, kafkaConnectionFrom } from '@logpipe/kafka';
import { HostMetricsCollector, MetricsServer, advertisedUrl, createMetrics } from '@logpipe/metrics';
import { consoleLogger, parseAppArgs, runServices } from '@logpipe/runtime';
import { LeaseRegistration, STARTED_AT } from '@logpipe/etcd-mirror';
import { agentSchema, etcdAccess, etcdOptions } from '@logpipe/schemas';
import { statusKey } from '@logpipe/targets';
import { loadAgentIdentity } from './agent-identity.js';
import { createAgentMetrics } from './agent-metrics.js';
import { HarvestManager } from './harvest/harvest-manager.js';
import { Registry } from './registry/registry.js';
import { KafkaShipper } from './ship/kafka-shipper.js';
import { ProducerSession } from './ship/producer-session.js';
import { agentStatus, countsFromMetrics } from './registration/agent-status.js';
import { EtcdTargetSource } from './targets/etcd-target-source.js';
import { KnownTargetsFile } from './targets/known-targets-file.js';
import { VERSION } from './version.js';

/** Wires the agent together: etcd targets → harvesters → Kafka shipper, plus metrics. */
async function main(): Promise<void> {
  const args = parseAppArgs('logagent', process.argv.slice(2), process.env, '/etc/logagent/logagent.ini');
  let config;
  try {
    config = loadConfig(args.configPath, agentSchema, { envPrefix: 'LOGAGENT', env: process.env, allowEnv: ['LOGAGENT_CONFIG'] });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`logagent: ${err.message}\n`);
    process.exit(2);
  }
  if (args.check) {
    process.stdout.write(`${args.configPath}: OK\n`);
    return;
  }

  const logger = consoleLogger({ level: config.log.level, format: config.log.format, fields: { service: 'logagent' } });
  await mkdir(config.agent.data_dir, { recursive: true });
  const identity = await loadAgentIdentity(config.agent.data_dir, config.agent.name, VERSION);
  const registryMetrics = createMetrics({ app: 'logagent' });
  const metrics = createAgentMetrics(registryMetrics);

  const registry = new Registry(join(config.agent.data_dir, 'registry.json'), logger.child({ component: 'registry' }));
  const shipper = new KafkaShipper({
    sender: new ProducerSession({
      kafka: createKafka(kafkaConnectionFrom(config.kafka), KafkaShipper.kafkaRetry),
      compression: config.kafka.compression,
      gzipLevel: config.kafka.gzip_level,
      topicPolicy: { create: config.kafka.create_topics, partitions: config.kafka.topic_partitions, replicationFactor: config.kafka.topic_replication },
    }),
    logger: logger.child({ component: 'shipper' }),
    metrics,
    eventsPerMessage: config.kafka.events_per_message,
    batchBytes: config.kafka.batch_bytes,
    batchMessages: config.kafka.batch_messages,
    lingerMs: config.kafka.linger,
    batchesInFlight: config.kafka.batches_in_flight,
    maxInFlightBytes: config.kafka.max_in_flight_bytes,
    drainTimeoutMs: Math.max(1000, config.agent.shutdown_timeout - 2000),
    stallTimeoutMs: config.kafka.stall_timeout,
  });
  const manager = new HarvestManager(
    {
      identity,
      shipper,
      registry,
      metrics,
      logger: logger.child({ component: 'harvester' }),
      scanIntervalMs: config.agent.scan_interval,
      pollIntervalMs: config.agent.poll_interval,
      closeRemovedAfterMs: config.agent.close_removed_after,
      closeInactiveMs: config.agent.close_inactive,
    },
    logger.child({ component: 'harvest-manager' }),
  );
  const targetLogger = logger.child({ component: 'etcd-targets' });
  const access = etcdAccess(config.etcd, `[etcd] of ${args.configPath}`);
  const targets = new EtcdTargetSource({
    etcd: etcdOptions(config.etcd),
    access,
    prefix: config.etcd.prefix,
    agentName: identity.name,
    allowedPaths: config.agent.allowed_paths,
    knownTargets: new KnownTargetsFile(join(config.agent.data_dir, 'known-targets.json'), targetLogger),
    logger: targetLogger,
    startTimeoutMs: config.etcd.start_timeout,
    onTargets: (list) => void manager.apply(list),
    onRejected: ({ key, errors }) => {
      metrics.configErrors.inc();
      targetLogger.error(`rejected etcd value of ${config.etcd.prefix}/${key}; keeping its last valid version`, { key: `${config.etcd.prefix}/${key}`, errors });
    },
  });
  const metricsServer = new MetricsServer({
    listen: config.metrics.listen,
    registry: registryMetrics,
    logger: logger.child({ component: 'metrics' }),
    health: () => {
      const kafka = shipper.health();
      return { healthy: kafka.ok, checks: { kafka } };
    },
  });
  const hostMetrics = new HostMetricsCollector({
    registry: registryMetrics,
    hostName: identity.hostName,
    logger: logger.child({ component: 'host-metrics' }),
    intervalMs: config.metrics.host_interval,
  });
  const registration = new LeaseRegistration({
    etcd: etcdOptions(config.etcd),
    access,
    key: `${config.etcd.prefix}/${statusKey(identity.name)}`,
    who: 'agent',
    ttlMs: config.etcd.status_ttl,
    value: async () => JSON.stringify(agentStatus(identity, advertisedUrl(metricsServer.url, identity.hostName), await countsFromMetrics(metrics), STARTED_AT, process.pid)),
    logger: logger.child({ component: 'registration' }),
  });

  // Stopped in reverse: etcd first (no new targets, then the status key goes), harvesters (no
  // new lines), then the shipper drains to Kafka, and the registry saves the final acknowledged
  // offsets last.
  await runServices([registry, metricsServer, hostMetrics, shipper, manager, registration, targets], {
    logger,
    shutdownTimeoutMs: config.agent.shutdown_timeout,
  });
  logger.info('logagent started', { name: identity.name, id: identity.id, metrics: metricsServer.url });
}

main().catch((err: unknown) => {
  process.stderr.write(`logagent: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
