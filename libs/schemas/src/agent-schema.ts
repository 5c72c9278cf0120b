import { defineSchema } from '@logpipe/config';
import { kafkaConnectionKeys, kafkaConnectionRules } from '@logpipe/kafka';
import { etcdConnectionKeys, etcdConnectionRules } from './etcd-keys.js';
import { logSection, metricsSection } from './common-sections.js';

/**
 * Every key of `logagent.ini`. docs/logagent-config.md is generated from this, so the docs and
 * the validation can never disagree. Environment variables override keys as
 * `LOGAGENT_<SECTION>_<KEY>`, e.g. `LOGAGENT_KAFKA_BROKERS`. It lives in a lib, not in the agent,
 * because `logctl check` and logctl's `--agent-config` read the same files, and apps never
 * import apps.
 */
export const agentSchema = defineSchema({
  agent: {
    description: 'Who this agent is and where it keeps its state.',
    keys: {
      name: {
        type: 'string',
        pattern: /[^/\s]+/,
        patternHint: 'a name without "/" or spaces',
        description: 'Agent name, used in etcd keys (`<prefix>/<name>/...`). Defaults to the host name.',
        example: 'web-1',
      },
      data_dir: { type: 'string', default: '/var/lib/logagent', description: 'Where the registry of acknowledged offsets, the agent id and the last known targets are kept.' },
      allowed_paths: { type: 'list', default: [], pattern: /\/.*/, patternHint: 'absolute paths', description: 'Directories that target paths must stay within; empty allows any path.', example: '/var/log, /srv/app/logs' },
      scan_interval: { type: 'duration', default: '1s', min: '100ms', description: 'How often targets are re-resolved, picking up new files and rotated ones.' },
      poll_interval: { type: 'duration', default: '250ms', min: '10ms', description: 'How often an idle open file is checked for new data where inotify is unavailable; with inotify a write wakes the reader at once and files are polled every 2s as a safety net.' },
      close_inactive: { type: 'duration', default: '5m', min: '1s', description: 'An open file that has not changed for this long is closed, freeing its descriptor; it is reopened at its acknowledged offset when it grows.' },
      close_removed_after: { type: 'duration', default: '5s', description: 'A renamed or deleted file is read until it has not grown for this long, then closed.' },
      shutdown_timeout: { type: 'duration', default: '30s', min: '1s', description: 'How long SIGTERM may take to flush to Kafka and save the registry; unacknowledged lines are re-read on the next start.' },
    },
  },
  etcd: {
    description: 'Where collection targets come from.',
    rules: etcdConnectionRules,
    keys: {
      ...etcdConnectionKeys(),
      prefix: { type: 'string', default: '/logagent', pattern: /^\/[^\s]*[^/\s]$/, patternHint: 'an absolute key prefix without a trailing slash', description: 'Key prefix of this pipeline in etcd.' },
      start_timeout: { type: 'duration', default: '5s', description: 'How long startup waits for etcd before running from the last known targets.' },
      status_ttl: { type: 'duration', default: '10s', min: '1s', description: 'TTL of the lease on `<prefix>/<name>/status`, the agent\'s registration: after a crash the key disappears within this time (whole seconds, rounded up).' },
    },
  },
  kafka: {
    description: 'Where lines are produced.',
    rules: kafkaConnectionRules,
    keys: {
      ...kafkaConnectionKeys('logagent'),
      compression: {
        type: 'enum',
        values: ['zstd', 'gzip', 'lz4', 'snappy', 'none'],
        default: 'zstd',
        description:
          "Compression of produced batches. `zstd` (Kafka 2.1 or newer) is the smallest on the broker and the cheapest for both the agent and the transfer on the agent's events; `gzip` suits consumers that cannot read zstd; `lz4` and `snappy` are faster still but larger. gzip and zstd run in Node's zlib, lz4 and snappy in WebAssembly: no native module. bench/README.md has the CPU and bytes of each.",
      },
      gzip_level: {
        type: 'integer',
        default: 1,
        min: 1,
        max: 9,
        description: 'zlib level of `gzip` compression: 1 is fastest, 9 smallest. On the agent\'s JSON events, 1 compresses about 11:1 in half the CPU time of zlib\'s default 6 (13:1).',
      },
      acks: { type: 'enum', values: ['all'], aliases: { '-1': 'all' }, default: 'all', description: 'Acknowledgement level. Only `all` is accepted: the agent records offsets only after every in-sync replica has the lines.' },
      batch_bytes: {
        type: 'bytes',
        default: '512KiB',
        min: '1KiB',
        max: '64MiB',
        description: "A batch is sent once this many encoded bytes are queued, and holds no more. With `compression = none`, keep it below the broker's `message.max.bytes` (1 MiB by default).",
      },
      events_per_message: {
        type: 'integer',
        default: 128,
        min: 1,
        max: 10000,
        description:
          "Lines of one file packed into one Kafka message, as newline-separated JSON events (wire format v2; each line is still its own document, with its own id). A Kafka client's cost is per message, so packing is what lets the agent keep up; 1 sends every line alone. A pack also stops at 256 Ki characters (under 1 MiB of UTF-8, the broker's default `message.max.bytes`); a longer line goes alone. Transfers must run a version that reads v2 before agents send it.",
      },
      batch_messages: { type: 'integer', default: 10000, min: 1, max: 1000000, description: 'A batch is sent once this many Kafka messages (each up to `events_per_message` lines) are queued, and holds no more.' },
      linger: { type: 'duration', default: '20ms', description: 'A smaller batch is sent once its oldest line has waited this long.' },
      batches_in_flight: {
        type: 'integer',
        default: 1,
        min: 1,
        max: 16,
        description:
          "Batches handed to the producer before the oldest is acknowledged. 1 (the default) keeps every file's lines in file order in Kafka, failures included. More lets the next batch be compressed and queued while Kafka writes the last (with gzip about 25% more lines a second, with zstd about 10%; bench/README.md), but after a failed request a later batch can land before the earlier one is sent again: the Kafka client starts a new producer id after a failure and sends what it had queued under it. Every line still arrives, with its event id, so the index holds each once; only the order in the topic is lost.",
      },
      max_in_flight_bytes: { type: 'bytes', default: '64MiB', min: '1MiB', max: '4GiB', description: 'Reading pauses while this many encoded bytes are unacknowledged; the files are the buffer.' },
      stall_timeout: {
        type: 'duration',
        default: '10s',
        min: '1s',
        description: '`/healthz` answers 503 once lines have waited this long without Kafka acknowledging any batch (Kafka down or refusing them). Being at `max_in_flight_bytes` alone is not unhealthy.',
      },
      create_topics: { type: 'boolean', default: true, description: 'Create a missing topic before producing to it; when false a missing topic is an error.' },
      topic_partitions: { type: 'integer', default: 3, min: 1, max: 10000, description: 'Partitions of a topic the agent creates.' },
      topic_replication: {
        type: 'integer',
        default: 0,
        min: 0,
        max: 32767,
        description: 'Replication factor of a topic the agent creates; 0 fits the cluster: 3 on 3 or more brokers, else one per broker. Created topics get `min.insync.replicas` one below it (at most 2, at least 1).',
        example: '3',
      },
    },
  },
  metrics: metricsSection('127.0.0.1:9600', 'How often host metrics (CPU, memory, disk, network) are refreshed.'),
  log: logSection("The agent's own logs, on stderr: readable lines on a terminal, JSON lines otherwise."),
});
