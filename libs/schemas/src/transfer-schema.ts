import { bothOrNeither, defineSchema } from '@logpipe/config';
import { kafkaConnectionKeys, kafkaConnectionRules } from '@logpipe/kafka';
import { etcdConnectionKeys, etcdConnectionRules } from './etcd-keys.js';
import { logSection, metricsSection } from './common-sections.js';

/**
 * Every key of `logtransfer.ini`. docs/logtransfer-config.md is generated from this. Environment
 * variables override keys as `LOGTRANSFER_<SECTION>_<KEY>`, e.g. `LOGTRANSFER_ELASTICSEARCH_NODES`.
 * It lives in a lib, not in the transfer, because `logctl check` and logctl's `--transfer-config`
 * read the same files, and apps never import apps.
 */
export const transferSchema = defineSchema({
  transfer: {
    description: 'This worker and its consumer group.',
    keys: {
      name: { type: 'string', description: 'Worker name: the `worker` field of its log lines, and its registration key `<[etcd] prefix>/workers/<name>` (which `logctl status` reads). Defaults to the host name.', example: 'transfer-1' },
      group: { type: 'string', default: 'logtransfer', description: 'Kafka consumer group; workers in one group share the partitions.' },
      shutdown_timeout: { type: 'duration', default: '30s', min: '1s', description: 'How long SIGTERM may take to finish bulks in flight and commit; what is not committed is consumed again.' },
    },
  },
  kafka: {
    description: 'Where events are consumed from.',
    rules: [
      ...kafkaConnectionRules,
      (v, config) => {
        if ((v.topics as string[]).length > 0 || (v.target_topics && config.etcd?.enabled)) return undefined;
        const why = v.target_topics ? '[etcd] enabled is false' : 'target_topics is false';
        return { key: 'topics', message: `is empty and ${why}, so nothing would be consumed: list topics (app_log, /^svc-.*/), or consume the targets' topics` };
      },
    ],
    keys: {
      ...kafkaConnectionKeys('logtransfer'),
      topics: {
        type: 'list',
        default: [],
        description:
          'Topics to consume besides those of the collection targets in etcd (`target_topics`). An item between slashes is a regular expression over topic names.',
        example: 'app_log, nginx_log, /^svc-.*/',
      },
      target_topics: {
        type: 'boolean',
        default: true,
        description:
          "Also consume every topic a collection target in etcd names (under `[etcd] agents_prefix`, for every agent), live: adding a target is all it takes to get its lines indexed. Needs `[etcd] enabled`.",
      },
      dlq_suffix: { type: 'string', default: '.dlq', pattern: /[A-Za-z0-9._-]{1,40}/, patternHint: 'up to 40 letters, digits, ".", "_" or "-" (it ends a topic name)', description: 'Documents Elasticsearch rejects for good go to `<topic><dlq_suffix>`.' },
      max_bytes_per_partition: {
        type: 'bytes',
        default: '1MiB',
        min: '64KiB',
        max: '64MiB',
        description:
          'Most bytes (as stored, so compressed) fetched from one partition per batch. Smaller batches reach Elasticsearch sooner after a fetch; larger ones mean fewer commits. A single larger message is still fetched whole.',
      },
      group_protocol: {
        type: 'enum',
        values: ['classic', 'consumer'],
        default: 'classic',
        description:
          "How the consumer group assigns partitions. `classic`: the JoinGroup protocol every Kafka version speaks; a rebalance stops the whole group for a moment. `consumer`: KIP-848's protocol, where the broker assigns and only the partitions that move stop; needs Kafka 4.0 or newer.",
      },
      batches_in_flight: {
        type: 'integer',
        default: 4,
        min: 1,
        max: 64,
        description:
          'Fetched batches (one partition each) being indexed at the same time, so the next fetch overlaps indexing; while this many are in flight, fetching pauses. Each holds up to `max_bytes_per_partition` of (compressed) messages.',
      },
      topics_refresh: {
        type: 'duration',
        default: '10s',
        min: '1s',
        description: 'How often the topic list is read to find new topics: ones a regular expression in `topics` matches, and listed or target topics that did not exist yet. A new one is consumed from its beginning, without a restart.',
      },
    },
  },
  transform: {
    description: 'How events become documents: parsers (selected by each target\'s `format`), timestamps, added fields and dropped events. See docs/parsers.md.',
    keys: {
      timezone: {
        type: 'string',
        default: 'UTC',
        description: 'IANA time zone of log times written without an offset (syslog, nginx error logs, `yyyy-MM-dd HH:mm:ss`).',
        example: 'Europe/Berlin',
      },
      timestamp_formats: {
        type: 'list',
        default: ['iso8601', 'yyyy/MM/dd HH:mm:ss', 'httpdate', 'syslog'],
        description:
          'Formats tried, in order, for times in `text` lines, regex `@timestamp` groups and JSON time fields: presets iso8601, httpdate, syslog, epoch_s, epoch_ms, or patterns such as yyyy-MM-dd HH:mm:ss[.SSS].',
        example: 'iso8601, dd/MMM/yyyy:HH:mm:ss Z, epoch_ms',
      },
      add_fields: {
        type: 'list',
        default: [],
        description: 'name=value fields set on every document that lacks them; a bare name is a label (`env` sets `labels.env`), a dotted one a field path.',
        example: 'env=prod, team=core, service.name=checkout',
      },
      drop_when: {
        type: 'string',
        description: 'Documents matching this condition are not indexed: comparisons of fields with ==, !=, <, >, =~ /regex/, joined by and, or, not. Quote the whole value if it holds ; or #.',
        example: 'log.level == "debug" or message =~ /healthcheck/',
      },
      regex: {
        type: 'string',
        description: 'Pattern of the `regex` format; each named group sets the field it is named after, e.g. (?<http.response.status_code>\\d{3}).',
        example: '^(?<@timestamp>\\S+) (?<log.level>\\w+) (?<message>.*)$',
      },
    },
  },
  elasticsearch: {
    description: 'Where documents are indexed.',
    rules: [
      bothOrNeither('username', 'password', 'basic auth sends a user with a password'),
      (v) => (v.api_key !== undefined && v.username !== undefined ? { key: 'api_key', message: 'and username are both set; authenticate with one: an API key, or a user and password' } : undefined),
      (v) => {
        const nodes = v.nodes as string[];
        const https = nodes.filter((url) => url.startsWith('https://')).length;
        if (https > 0 && https < nodes.length) return { key: 'nodes', message: 'mix http:// and https://; use https:// for every node, or http:// for every one' };
        if (https === 0 && v.ca_file !== undefined) return { key: 'nodes', message: 'are http://, so ca_file would be ignored; use https:// URLs for TLS, or remove ca_file' };
        return undefined;
      },
    ],
    keys: {
      nodes: {
        type: 'list',
        default: ['http://127.0.0.1:9200'],
        items: { kind: 'url', schemes: ['http', 'https'] },
        description: 'Elasticsearch or OpenSearch URLs.',
        example: 'https://es-1:9200, https://es-2:9200',
      },
      flavour: {
        type: 'enum',
        values: ['auto', 'elasticsearch', 'opensearch'],
        default: 'auto',
        description:
          'Which server the nodes are: `auto` asks it at start (the `X-Elastic-Product` header, or OpenSearch\'s `version.distribution`); name it when a proxy in front hides both. The same `[elasticsearch]` keys serve OpenSearch.',
      },
      username: {
        type: 'string',
        description: 'Basic-auth user, with a role that may write `logs-*` and manage the index template (docs/security/elasticsearch.md gives it). A 401 stops the start (exit 2); a 403 is retried, committing nothing, until the role is fixed.',
      },
      password: { type: 'string', secret: true, description: 'Basic-auth password; never logged. Its environment variable keeps it out of the file.' },
      api_key: {
        type: 'string',
        secret: true,
        description: 'API key, instead of user and password: the `encoded` value `POST /_security/api_key` returns (base64 `id:key`). Errors name its id, never the key.',
      },
      ca_file: {
        type: 'string',
        file: true,
        description: "PEM CA bundle that signed the server's certificate, for `https://` nodes; without it, only the system's CAs are trusted. A certificate it cannot verify stops the start (exit 2).",
      },
      index: {
        type: 'string',
        default: 'logs-{topic}-{yyyy.MM.dd}',
        description: 'Index name pattern of topics without a route: `{topic}` and a UTC date of the event such as `{yyyy.MM.dd}`.',
      },
      request_timeout: { type: 'duration', default: '30s', min: '100ms', description: 'Timeout of one request to Elasticsearch.' },
      template: {
        type: 'string',
        default: 'logpipe-logs',
        pattern: /[a-z0-9][a-z0-9._-]*/,
        patternHint: 'lower-case letters, digits, ".", "_", "-"',
        description:
          'Name of the index template installed at every start (and of its ILM or ISM policy). It is composed with the component template `<template>@custom`, if one exists: put your own settings and mappings there.',
      },
      replicas: {
        type: 'string',
        default: '0-1',
        pattern: /^(\d{1,3}|\d{1,3}-(\d{1,3}|all))$/,
        patternHint: 'a number of replicas like `1`, or a range like `0-1` or `0-all`',
        description:
          'Replicas of each log index, set in the index template: a number (`index.number_of_replicas`), or a range that follows the cluster (`index.auto_expand_replicas`). The default `0-1` gives one replica once there are two data nodes, and none on a single node, where a replica could never be placed.',
        example: '1',
      },
      ilm: {
        type: 'enum',
        values: ['auto', 'on', 'off'],
        default: 'auto',
        description:
          'Index lifecycle management (ILM on Elasticsearch, ISM on OpenSearch): `auto` uses it where the cluster has it, `on` requires it (the transfer does not start without), `off` never uses it.',
      },
      data_streams: {
        type: 'enum',
        values: ['off', 'on'],
        default: 'off',
        description: '`on` writes to data streams (needs a cluster that has them, and index patterns without a date); `off` writes to daily indices.',
      },
      retention_days: {
        type: 'integer',
        default: 0,
        min: 0,
        max: 36500,
        description: 'Delete indices after this many days (0 keeps them): by a delete phase of the ILM (on OpenSearch, ISM) policy where index lifecycle management is used, else by the transfer, daily, by the date in the index name.',
      },
    },
  },
  routes: {
    description:
      'Where each topic goes: an index pattern and/or a parser, overriding `[elasticsearch] index` and the format the agent sent. etcd routes (`<[etcd] prefix>/routes/<topic>`) override these. See docs/routes.md.',
    optional: true,
    keys: {},
    entries: {
      name: 'topic',
      keyPattern: /[A-Za-z0-9._-]{1,249}/,
      keyHint: 'a Kafka topic name: letters, digits, ".", "_", "-"',
      value: {
        type: 'string',
        description: '`index=<pattern>` and/or `format=<parser>`, separated by a comma. Formats: plain, text, json, nginx, apache, syslog, regex.',
        example: 'index=logs-nginx-{yyyy.MM.dd}, format=nginx',
      },
    },
  },
  etcd: {
    description: 'Where the transfer learns, live, the collection targets (and so the topics to consume) and the routes. See docs/routes.md.',
    rules: etcdConnectionRules,
    keys: {
      enabled: {
        type: 'boolean',
        default: true,
        description: '`false`: no etcd at all; only `[kafka] topics` are consumed and only `[routes]` apply.',
      },
      ...etcdConnectionKeys(),
      prefix: {
        type: 'string',
        default: '/logtransfer',
        pattern: /^\/[^\s]*[^/\s]$/,
        patternHint: 'an absolute key prefix without a trailing slash',
        description: 'Key prefix of the transfer in etcd; routes are `<prefix>/routes/<topic>`.',
      },
      agents_prefix: {
        type: 'string',
        default: '/logagent',
        pattern: /^\/[^\s]*[^/\s]$/,
        patternHint: 'an absolute key prefix without a trailing slash',
        description: "The agents' `[etcd] prefix`: the topics of the targets under it are consumed (`[kafka] target_topics`).",
      },
      status_ttl: {
        type: 'duration',
        default: '10s',
        min: '1s',
        description:
          "TTL of the lease on `<prefix>/workers/<name>`, the worker's registration (its group, what it consumes; `logctl status` reads it): after a crash the key disappears within this time.",
      },
    },
  },
  bulk: {
    description: 'How documents are batched into bulk requests.',
    keys: {
      flush_bytes: { type: 'bytes', default: '5MiB', min: '64KiB', max: '100MiB', description: 'A bulk request is sent once it holds this many bytes.' },
      flush_interval: {
        type: 'duration',
        default: '0s',
        max: '60s',
        description:
          'How long a worker that receives little may wait to fill its bulk requests: Kafka is asked to hold each fetch until `flush_bytes` of (compressed) messages are there or this long has passed. `0s`: every fetch is indexed at once, for the lowest latency. Under load requests fill at once and it changes nothing; at low traffic, e.g. `1s` means fewer, larger requests and up to 1 s more latency.',
      },
      concurrency: { type: 'integer', default: 2, min: 1, max: 32, description: 'Bulk requests in flight from this worker, across all the batches it is indexing.' },
      retries: { type: 'integer', default: 3, min: 0, max: 100, description: 'Quick retries, a second apart, of documents Elasticsearch rejected only with 429 (busy), before they count as failed and are retried with backoff (up to `max_backoff`).' },
      max_backoff: { type: 'duration', default: '30s', min: '100ms', description: 'Longest wait between retries while Elasticsearch is down or overloaded.' },
    },
  },
  metrics: metricsSection('127.0.0.1:9601', 'How often host metrics are refreshed.'),
  log: logSection("The transfer's own logs, on stderr: readable lines on a terminal, JSON lines otherwise."),
});
