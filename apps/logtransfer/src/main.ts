import { hostname } from 'node:os';
import { createSearchClient, describeAccessFailure } from '@logpipe/search';
import { ConfigError, loadConfig, type ConfigProblem } from '@logpipe/config';
import { createKafka, kafkaConnectionFrom } from '@logpipe/kafka';
import { HostMetricsCollector, MetricsServer, advertisedUrl, createMetrics, type HealthCheck } from '@logpipe/metrics';
import { LeaseRegistration, STARTED_AT } from '@logpipe/etcd-mirror';
import { etcdOptions, transferStatusKey, type TransferStatus } from '@logpipe/schemas';
import { consoleLogger, parseAppArgs, runServices, type Service } from '@logpipe/runtime';
import { compileConfig, type CompiledConfig, type TransferConfig } from './config/compile-config.js';
import { elasticsearchOptions } from './config/elasticsearch-options.js';
import { transferSchema } from './config/schema.js';
import { EtcdRouteSource } from './routes/etcd-route-source.js';
import { RouteTable } from './routes/route-table.js';
import { BulkSink } from './sink/bulk-sink.js';
import { DeadLetterQueue } from './sink/dead-letter-queue.js';
import { ElasticsearchProbe } from './sink/elasticsearch-probe.js';
import { IndexSetup } from './sink/index-setup.js';
import { RetentionService } from './sink/retention.js';
import { ConsumerLagMonitor } from './source/consumer-lag.js';
import { KafkaSource } from './source/kafka-source.js';
import { TargetTopics } from './source/target-topics.js';
import { fetchWait } from './source/fetch-wait.js';
import { BatchDocuments } from './transform/batch-documents.js';
import { toDocuments } from './transform/to-document.js';
import { createTransferMetrics } from './transfer-metrics.js';
import { VERSION } from './version.js';

/** Wires the transfer together: Kafka consumer group → routes and transform → Elasticsearch bulk, plus metrics. */
async function main(): Promise<void> {
  const args = parseAppArgs('logtransfer', process.argv.slice(2), process.env, '/etc/logtransfer/logtransfer.ini');
  let config: TransferConfig;
  let compiled: CompiledConfig;
  try {
    config = loadConfig(args.configPath, transferSchema, { envPrefix: 'LOGTRANSFER', env: process.env, allowEnv: ['LOGTRANSFER_CONFIG'] });
    compiled = compileConfig(config, args.configPath);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    exitWithConfigError(err.problems);
  }
  if (args.check) {
    process.stdout.write(`${args.configPath}: OK\n`);
    return;
  }

  const name = config.transfer.name ?? hostname();
  const logger = consoleLogger({ level: config.log.level, format: config.log.format, fields: { service: 'logtransfer', worker: name } });
  const registry = createMetrics({ app: 'logtransfer' });
  const metrics = createTransferMetrics(registry);
  const kafka = createKafka(kafkaConnectionFrom(config.kafka));
  const { transform } = compiled;
  const client = createSearchClient(elasticsearchOptions(config.elasticsearch));
  const access = { nodes: config.elasticsearch.nodes, credentials: config.elasticsearch };
  const accessFailure = (err: unknown) => describeAccessFailure(err, access);

  const routes = new RouteTable(compiled.defaultIndex, compiled.iniRoutes);
  metrics.routes.set({ source: 'ini' }, compiled.iniRoutes.size);
  const indexSetup = new IndexSetup({
    client,
    logger: logger.child({ component: 'index-setup' }),
    template: config.elasticsearch.template,
    flavour: config.elasticsearch.flavour,
    replicas: config.elasticsearch.replicas,
    nodes: config.elasticsearch.nodes,
    lifecycle: { ilm: config.elasticsearch.ilm, dataStreams: config.elasticsearch.data_streams, retentionDays: config.elasticsearch.retention_days },
    patterns: routes.indexPatterns(),
    describeAccessFailure: accessFailure,
    credentialValue: (key) => config.elasticsearch[key],
    onFatal: (problems) => exitWithConfigError(problems.map((p) => ({ source: args.configPath, section: 'elasticsearch', key: p.key, value: p.value, message: p.message }))),
  });
  // Before a batch can see a route with a new index pattern, the template is widened to cover it.
  routes.onChange(() => indexSetup.require(routes.indexPatterns()));
  const retention = new RetentionService({
    client,
    logger: logger.child({ component: 'retention' }),
    metrics,
    retentionDays: config.elasticsearch.retention_days,
    patterns: () => routes.indexPatterns(),
    plan: indexSetup.plan,
  });

  let etcdRoutes: EtcdRouteSource | undefined;
  let targetTopics: TargetTopics | undefined;
  if (config.etcd.enabled && config.kafka.target_topics) {
    const topicLogger = logger.child({ component: 'etcd-target-topics' });
    targetTopics = new TargetTopics({
      etcd: etcdOptions(config.etcd),
      agentsPrefix: config.etcd.agents_prefix,
      logger: topicLogger,
      onTopics: (topics) => {
        compiled.topics.setTargetTopics(topics);
        topicLogger.info("the targets' topics changed", { topics });
      },
    });
  }
  if (config.etcd.enabled) {
    const prefix = config.etcd.prefix;
    const routeLogger = logger.child({ component: 'etcd-routes' });
    etcdRoutes = new EtcdRouteSource({
      etcd: etcdOptions(config.etcd),
      prefix,
      rules: compiled.routeRules,
      logger: routeLogger,
      onRoutes: (etcd) => {
        routes.replaceEtcdRoutes(etcd);
        metrics.routes.set({ source: 'etcd' }, etcd.size);
        const listed = Object.fromEntries([...etcd].map(([topic, r]) => [topic, { index: r.index?.pattern, format: r.format }]));
        routeLogger.info('etcd routes in force', { routes: listed });
      },
      onRejected: ({ key, errors }) => {
        metrics.configErrors.inc();
        routeLogger.error(`rejected etcd value of ${key}; keeping its last valid route`, { key, errors });
      },
    });
  }

  const sink = new BulkSink({
    client,
    logger: logger.child({ component: 'bulk' }),
    metrics,
    flushBytes: config.bulk.flush_bytes,
    concurrency: config.bulk.concurrency,
    retries: config.bulk.retries,
    maxBackoffMs: config.bulk.max_backoff,
    operation: config.elasticsearch.data_streams === 'on' ? 'create' : 'index',
    describeAccessFailure: (err) => accessFailure(err)?.message,
  });
  const deadLetters = new DeadLetterQueue(kafka, config.kafka.dlq_suffix, metrics);
  const source = new KafkaSource({
    kafka,
    groupId: config.transfer.group,
    topics: compiled.topics,
    refreshIntervalMs: config.kafka.topics_refresh,
    logger: logger.child({ component: 'consumer' }),
    metrics,
    maxBytesPerPartition: config.kafka.max_bytes_per_partition,
    fetchWait: fetchWait(config.bulk.flush_bytes, config.bulk.flush_interval),
    groupProtocol: config.kafka.group_protocol,
    batchesInFlight: config.kafka.batches_in_flight,
    drainTimeoutMs: Math.max(1000, config.transfer.shutdown_timeout - 5000),
    handleBatch: async (batch, signal) => {
      // The order matters: the routes are final before the topic's route is looked up, and the
      // template covers that route's index before the first document goes there.
      await etcdRoutes?.ready(signal);
      const route = routes.forTopic(batch.topic);
      await indexSetup.ready(signal);
      const ingested = new Date().toISOString();
      // Made as the bulk requests are filled. Events dropped by [transform] drop_when add no
      // document: committed with the batch, never indexed.
      const documents = new BatchDocuments(batch.records, (message, out) => toDocuments(batch.topic, batch.partition, message, route, ingested, transform, out));
      const rejected = await sink.write(documents, signal);
      await deadLetters.send(rejected);
    },
  });
  const lag = new ConsumerLagMonitor({ kafka, groupId: config.transfer.group, topics: compiled.topics, metrics, logger: logger.child({ component: 'lag' }) });
  const probe = new ElasticsearchProbe({ client, metrics, logger: logger.child({ component: 'elasticsearch-probe' }) });
  const metricsServer = new MetricsServer({
    listen: config.metrics.listen,
    registry,
    logger: logger.child({ component: 'metrics' }),
    health: () => {
      const checks: Record<string, HealthCheck> = { kafka_consumer: source.health(), elasticsearch: probe.health() };
      if (etcdRoutes) checks.etcd_routes = etcdRoutes.health();
      if (targetTopics) checks.etcd_target_topics = targetTopics.health();
      return { healthy: Object.values(checks).every((check) => check.ok), checks };
    },
  });
  // Lease-bound, like an agent's status: logctl sees which topics live workers consume.
  const registration = config.etcd.enabled
    ? new LeaseRegistration({
        etcd: etcdOptions(config.etcd),
        key: transferStatusKey(config.etcd.prefix, name),
        who: 'transfer worker',
        ttlMs: config.etcd.status_ttl,
        value: async () => {
          const status: TransferStatus = {
            name,
            group: config.transfer.group,
            version: VERSION,
            host: hostname(),
            pid: process.pid,
            started_at: STARTED_AT.toISOString(),
            metrics_url: advertisedUrl(metricsServer.url, hostname()),
            topics: config.kafka.topics,
            target_topics_from: config.kafka.target_topics ? config.etcd.agents_prefix : null,
            consuming: source.consuming(),
          };
          return JSON.stringify(status);
        },
        logger: logger.child({ component: 'registration' }),
      })
    : undefined;
  const hostMetrics = new HostMetricsCollector({
    registry,
    hostName: hostname(),
    logger: logger.child({ component: 'host-metrics' }),
    intervalMs: config.metrics.host_interval,
  });

  // Index setup starts first among the workers: a setting this cluster cannot honour stops the
  // transfer before it consumes. Stopped in reverse: the consumer finishes its batches and
  // commits, then the DLQ producer, then the rest.
  const services: Service[] = [metricsServer, hostMetrics, probe, indexSetup, retention, lag, ...(etcdRoutes ? [etcdRoutes] : []), ...(targetTopics ? [targetTopics] : []), deadLetters, source, ...(registration ? [registration] : [])];
  await runServices(services, { logger, shutdownTimeoutMs: config.transfer.shutdown_timeout });
  logger.info('logtransfer started', { group: config.transfer.group, metrics: metricsServer.url });
}

/** Every problem, in the format of the config loader's own errors, then exit 2 ("fix the config"). */
function exitWithConfigError(problems: readonly ConfigProblem[]): never {
  process.stderr.write(`logtransfer: ${new ConfigError(problems).message}\n`);
  process.exit(2);
}

main().catch((err: unknown) => {
  process.stderr.write(`logtransfer: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
