import { Counter, Gauge, Histogram, type Registry } from '@logpipe/metrics';

/** The agent's own metrics; every one is documented in docs/metrics.md. */
export function createAgentMetrics(registry: Registry) {
  const targetLabels = ['target', 'topic'] as const;
  return {
    linesRead: new Counter({ name: 'logagent_lines_read_total', help: 'Lines read from files, per target.', labelNames: targetLabels, registers: [registry] }),
    bytesRead: new Counter({ name: 'logagent_bytes_read_total', help: 'Bytes read from files, per target.', labelNames: targetLabels, registers: [registry] }),
    linesProduced: new Counter({ name: 'logagent_lines_produced_total', help: 'Lines acknowledged by Kafka, per topic.', labelNames: ['topic'] as const, registers: [registry] }),
    truncatedLines: new Counter({ name: 'logagent_lines_truncated_total', help: 'Lines cut at max_line_bytes.', labelNames: targetLabels, registers: [registry] }),
    invalidUtf8Lines: new Counter({ name: 'logagent_lines_invalid_utf8_total', help: 'Lines with invalid UTF-8, sent with replacement characters.', labelNames: targetLabels, registers: [registry] }),
    malformedLines: new Counter({
      name: 'logagent_lines_malformed_total',
      help: "Lines of a cri or docker target without the runtime's framing, sent as they were.",
      labelNames: targetLabels,
      registers: [registry],
    }),
    partialLines: new Counter({
      name: 'logagent_lines_partial_total',
      help: "Container lines sent without their end, which did not come within partial_timeout.",
      labelNames: targetLabels,
      registers: [registry],
    }),
    produceErrors: new Counter({ name: 'logagent_produce_errors_total', help: 'Failed Kafka produce attempts (each is retried).', registers: [registry] }),
    producerResets: new Counter({
      name: 'logagent_producer_resets_total',
      help: 'Times the idempotent producer was replaced because Kafka no longer accepted its state.',
      registers: [registry],
    }),
    lastProduced: new Gauge({
      name: 'logagent_produce_last_success_timestamp_seconds',
      help: 'Unix time of the last batch Kafka acknowledged.',
      registers: [registry],
    }),
    batchLatency: new Histogram({
      name: 'logagent_produce_batch_duration_seconds',
      help: 'Time from sending a batch to Kafka until it was acknowledged.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    bytesInFlight: new Gauge({ name: 'logagent_bytes_in_flight', help: 'Encoded bytes read but not yet acknowledged by Kafka.', registers: [registry] }),
    filesOpen: new Gauge({ name: 'logagent_files_open', help: 'Files the agent holds open.', registers: [registry] }),
    fileBacklog: new Gauge({ name: 'logagent_file_backlog_bytes', help: "A file's size minus its acknowledged offset.", labelNames: ['path'] as const, registers: [registry] }),
    configErrors: new Counter({ name: 'logagent_config_errors_total', help: 'Rejected etcd values (invalid JSON, wrong type, unknown field, disallowed path).', registers: [registry] }),
    targets: new Gauge({ name: 'logagent_targets', help: 'Collection targets in effect.', registers: [registry] }),
  };
}

export type AgentMetrics = ReturnType<typeof createAgentMetrics>;
