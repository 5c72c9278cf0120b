import { Counter, Gauge, Histogram, type Registry } from '@logpipe/metrics';

/** The transfer's own metrics; every one is documented in docs/metrics.md. */
export function createTransferMetrics(registry: Registry) {
  return {
    messagesConsumed: new Counter({ name: 'logtransfer_messages_consumed_total', help: 'Kafka messages consumed, per topic.', labelNames: ['topic'] as const, registers: [registry] }),
    documentsIndexed: new Counter({ name: 'logtransfer_documents_indexed_total', help: 'Documents Elasticsearch accepted.', registers: [registry] }),
    documentsFailed: new Counter({ name: 'logtransfer_documents_failed_total', help: 'Document attempts rejected with a retriable status (429, 5xx); each is retried.', registers: [registry] }),
    documentsDeadLettered: new Counter({ name: 'logtransfer_documents_dead_lettered_total', help: 'Documents sent to the dead-letter topic, per source topic.', labelNames: ['topic'] as const, registers: [registry] }),
    bulkFailures: new Counter({ name: 'logtransfer_bulk_request_failures_total', help: 'Bulk requests that failed as a whole (Elasticsearch unreachable); each is retried.', registers: [registry] }),
    bulkLatency: new Histogram({
      name: 'logtransfer_bulk_duration_seconds',
      help: 'Time to index one consumed batch (all its bulk requests and retries).',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    bulkBytes: new Counter({ name: 'logtransfer_bulk_bytes_total', help: 'Bytes of bulk request bodies sent.', registers: [registry] }),
    consumerLag: new Gauge({
      name: 'logtransfer_consumer_lag',
      help: "Messages in a partition after the consumer group's committed offset (the whole group's lag, the same from every worker).",
      labelNames: ['topic', 'partition'] as const,
      registers: [registry],
    }),
    rebalances: new Counter({ name: 'logtransfer_rebalances_total', help: 'Times this worker joined its consumer group (the first join and every rebalance).', registers: [registry] }),
    partitionsAssigned: new Gauge({ name: 'logtransfer_partitions_assigned', help: 'Partitions assigned to this worker at its last group join.', registers: [registry] }),
    topicsSubscribed: new Gauge({ name: 'logtransfer_topics_subscribed', help: 'Topics the consumer is subscribed to: the names in [kafka] topics that exist, and the topics its regular expressions match.', registers: [registry] }),
    resubscriptions: new Counter({
      name: 'logtransfer_resubscriptions_total',
      help: 'Times the consumer was restarted because the set of topics to consume changed (a new topic matching [kafka] topics, or one deleted).',
      registers: [registry],
    }),
    routes: new Gauge({ name: 'logtransfer_routes', help: 'Routes in effect, by where they come from (ini, etcd).', labelNames: ['source'] as const, registers: [registry] }),
    configErrors: new Counter({ name: 'logtransfer_config_errors_total', help: 'Rejected etcd route values (invalid JSON, unknown field, bad index pattern, unknown format); the last valid route stays.', registers: [registry] }),
    retentionDeletedIndices: new Counter({ name: 'logtransfer_retention_deleted_indices_total', help: 'Indices deleted by the transfer\'s retention (without ILM) because their date is past [elasticsearch] retention_days.', registers: [registry] }),
    elasticsearchReachable: new Gauge({ name: 'logtransfer_elasticsearch_reachable', help: '1 when the last Elasticsearch probe got an answer, 0 when it did not.', registers: [registry] }),
  };
}

export type TransferMetrics = ReturnType<typeof createTransferMetrics>;
