import { hostname } from 'node:os';
import { Client } from '@elastic/elasticsearch';
import { ConfigError, loadConfig } from '@logpipe/config';
import { createKafka, kafkaConnectionFrom } from '@logpipe/kafka';
import { HostMetricsCollector, MetricsServer, createMetrics } from '@logpipe/metrics';
import { createLogger, parseAppArgs, runServices } from '@logpipe/runtime';
import { transferSchema } from './config/schema.js';
import { elasticsearchOptions } from './config/elasticsearch-options.js';
import { parseTopicList } from './config/topic-list.js';
import { BulkSink } from './sink/bulk-sink.js';
import { ElasticsearchProbe } from './sink/elasticsearch-probe.js';
import { DeadLetterQueue } from './sink/dead-letter-queue.js';
import { IndexSetup } from './sink/index-setup.js';
import { ConsumerLagMonitor } from './source/consumer-lag.js';
import { KafkaSource } from './source/kafka-source.js';
import { compileIndexPattern } from './transform/index-name.js';
import { toDocument, type PreparedDocument } from './transform/to-document.js';
import { compileTransform } from './transform/transform-config.js';
import { createTransferMetrics } from './transfer-metrics.js';

/** Wires the transfer together: Kafka consumer group → documents → Elasticsearch bulk, plus metrics. */
async function main(): Promise<void> {
  const args = parseAppArgs('logtransfer', process.argv.slice(2), process.env, '/etc/logtransfer/logtransfer.ini');
  let config;
  try {
    config = loadConfig(args.configPath, transferSchema, { envPrefix: 'LOGTRANSFER', env: process.env, allowEnv: ['LOGTRANSFER_CONFIG'] });
    compileIndexPattern(config.elasticsearch.index);
    parseTopicList(config.kafka.topics);
    compileTransform(config.transform, args.configPath);
  } catch (err) {
    // The INI problems, or the index pattern's or topic list's: all mean "fix the config file".
    const message = err instanceof ConfigError ? err.message : `invalid configuration: ${args.configPath}: ${(err as Error).message}`;
    process.stderr.write(`logtransfer: ${message}\n`);
    process.exit(2);
  }
  if (args.check) {
    process.stdout.write(`${args.configPath}: OK\n`);
    return;
  }

  const name = config.transfer.name ?? hostname();
  const logger = createLogger({ level: config.log.level, fields: { service: 'logtransfer', worker: name } });
  const registry = createMetrics({ app: 'logtransfer' });
  const metrics = createTransferMetrics(registry);
  const kafka = createKafka(kafkaConnectionFrom(config.kafka), logger.child({ component: 'kafka' }));
  const indexName = compileIndexPattern(config.elasticsearch.index);
  const transform = compileTransform(config.transform, args.configPath);
  const client = new Client(elasticsearchOptions(config.elasticsearch));
  const indexSetup = new IndexSetup(client, config.elasticsearch.index, logger.child({ component: 'index-setup' }));
  const sink = new BulkSink({
    client,
    logger: logger.child({ component: 'bulk' }),
    metrics,
    flushBytes: config.bulk.flush_bytes,
    concurrency: config.bulk.concurrency,
    retries: config.bulk.retries,
    maxBackoffMs: config.bulk.max_backoff,
  });
  const deadLetters = new DeadLetterQueue(kafka, config.kafka.dlq_suffix, metrics);
  const source = new KafkaSource({
    kafka,
    groupId: config.transfer.group,
    topics: parseTopicList(config.kafka.topics),
    logger: logger.child({ component: 'consumer' }),
    metrics,
    maxBytesPerPartition: config.kafka.max_bytes_per_partition,
    partitionsConsumedConcurrently: config.kafka.partitions_concurrently,
    drainTimeoutMs: Math.max(1000, config.transfer.shutdown_timeout - 5000),
    handleBatch: async ({ batch }, signal) => {
      await indexSetup.ready(signal);
      const ingested = new Date().toISOString();
      const documents: PreparedDocument[] = [];
      for (const message of batch.messages) {
        const document = toDocument({ topic: batch.topic, partition: batch.partition, ...message }, indexName, ingested, transform);
        // undefined: dropped by [transform] drop_when, so committed with the batch but never indexed.
        if (document) documents.push(document);
      }
      const rejected = await sink.write(documents, signal);
      await deadLetters.send(rejected);
    },
  });
  const lag = new ConsumerLagMonitor({ kafka, groupId: config.transfer.group, topics: parseTopicList(config.kafka.topics), metrics, logger: logger.child({ component: 'lag' }) });
  const probe = new ElasticsearchProbe({ client, metrics, logger: logger.child({ component: 'elasticsearch-probe' }) });
  const metricsServer = new MetricsServer({
    listen: config.metrics.listen,
    registry,
    logger: logger.child({ component: 'metrics' }),
    health: () => {
      const checks = { kafka_consumer: source.health(), elasticsearch: probe.health() };
      return { healthy: Object.values(checks).every((check) => check.ok), checks };
    },
  });
  const hostMetrics = new HostMetricsCollector({
    registry,
    hostName: hostname(),
    logger: logger.child({ component: 'host-metrics' }),
    intervalMs: config.metrics.host_interval,
  });

  // Stopped in reverse: the consumer finishes its batches and commits, then the DLQ producer.
  await runServices([metricsServer, hostMetrics, probe, lag, indexSetup, deadLetters, source], { logger, shutdownTimeoutMs: config.transfer.shutdown_timeout });
  logger.info('logtransfer started', { group: config.transfer.group, metrics: metricsServer.url });
}

main().catch((err: unknown) => {
  process.stderr.write(`logtransfer: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
