import { defineSchema } from '@logpipe/config';
import { kafkaConnectionKeys, kafkaConnectionRules } from '@logpipe/kafka';
import { etcdConnectionKeys, etcdConnectionRules, logSection } from '@logpipe/schemas';

/**
 * Every key of `setup.ini` (config/compose/setup.ini in the repo, /etc/logpipe/compose/setup.ini
 * in the image). Environment variables override keys as `LOGPIPE_SETUP_<SECTION>_<KEY>`, e.g.
 * `LOGPIPE_SETUP_ELASTICSEARCH_PASSWORD`. File paths are relative to the INI file's folder.
 */
export const setupSchema = defineSchema({
  kafka: {
    description: 'The topics the pipeline uses, created when missing (existing topics are left as they are).',
    rules: kafkaConnectionRules,
    keys: {
      ...kafkaConnectionKeys('logpipe-setup'),
      topics: { type: 'list', default: [], description: 'Topics to create; each also gets its dead-letter topic `<topic><dlq_suffix>`.', example: 'app_log, nginx_log' },
      partitions: { type: 'integer', default: 4, min: 1, max: 10000, description: 'Partitions of a created topic; at least the number of logtransfer workers, so each gets work.' },
      replication: {
        type: 'integer',
        default: 0,
        min: 0,
        max: 32767,
        description: 'Replication factor of a created topic; 0 fits the cluster: 3 on 3 or more brokers, else one per broker. Created topics get `min.insync.replicas` one below it (at most 2, at least 1).',
        example: '3',
      },
      agent_principal: {
        type: 'string',
        pattern: /User:\S+/,
        patternHint: 'a principal such as User:logagent',
        description: "On a broker with an authorizer: the agents' principal, granted WRITE, DESCRIBE and CREATE on each topic (docs/security/kafka.md). Unset: no ACLs are made for it.",
        example: 'User:logagent',
      },
      transfer_principal: {
        type: 'string',
        pattern: /User:\S+/,
        patternHint: 'a principal such as User:logtransfer',
        description: "On a broker with an authorizer: logtransfer's principal, granted READ and DESCRIBE on each topic, READ on `transfer_group`, and WRITE, DESCRIBE and CREATE on each dead-letter topic. Unset: no ACLs are made for it.",
        example: 'User:logtransfer',
      },
      transfer_group: { type: 'string', default: 'logtransfer', description: "logtransfer's `[transfer] group`: the consumer group `transfer_principal` may use." },
      dlq_suffix: { type: 'string', default: '.dlq', pattern: /[A-Za-z0-9._-]{1,40}/, patternHint: 'up to 40 letters, digits, ".", "_" or "-" (it ends a topic name)', description: "Suffix of the dead-letter topics; the same as logtransfer's `[kafka] dlq_suffix`." },
    },
  },
  elasticsearch: {
    description: "The index template (logtransfer's own), and an ILM policy where the cluster has ILM.",
    keys: {
      nodes: { type: 'list', default: ['http://127.0.0.1:9200'], items: { kind: 'url', schemes: ['http', 'https'] }, description: 'Elasticsearch or OpenSearch URLs.', example: 'https://es-1:9200' },
      flavour: { type: 'enum', values: ['auto', 'elasticsearch', 'opensearch'], default: 'auto', description: "Which server the nodes are; `auto` asks it (see logtransfer's `[elasticsearch] flavour`)." },
      username: { type: 'string', description: 'Basic-auth user (`elastic` when security is on).' },
      password: { type: 'string', secret: true, description: 'Basic-auth password.' },
      api_key: { type: 'string', secret: true, description: 'API key (base64 `id:key`), instead of user and password.' },
      ca_file: { type: 'string', file: true, description: 'PEM CA bundle to verify Elasticsearch over TLS.' },
      request_timeout: { type: 'duration', default: '30s', min: '100ms', description: 'Timeout of one request to Elasticsearch.' },
      index: { type: 'string', default: 'logs-{topic}-{yyyy.MM.dd}', description: "logtransfer's `[elasticsearch] index`: the template covers every name it can produce." },
      ilm: { type: 'enum', values: ['auto', 'off'], default: 'auto', description: '`auto` installs the lifecycle policy where the cluster manages lifecycles: ILM on Elasticsearch (`GET /_ilm/status` answers 200), ISM on OpenSearch (`GET /_plugins/_ism/policies` answers 200); `off` never does.' },
      ilm_policy: { type: 'string', default: 'logpipe-logs', description: 'Name of the ILM (or ISM) policy.' },
      retention: { type: 'duration', default: '30d', min: '1d', max: '36500d', description: 'The ILM (or ISM) policy deletes a daily index this long after it was created.' },
      kibana_system_password: { type: 'string', secret: true, description: "Sets the built-in `kibana_system` user's password (Elasticsearch with security on only), so Kibana can connect." },
      state_index: { type: 'string', default: 'logpipe-setup', pattern: /^[a-z0-9][a-z0-9_.-]*$/, patternHint: 'a lower-case index name', description: 'Hidden index where setup records what it imported into Kibana.' },
    },
  },
  kibana: {
    description: 'Saved objects (data view, searches, visualizations, dashboard), imported with `_import?overwrite=true` when missing or changed.',
    optional: true,
    keys: {
      url: { type: 'string', required: true, pattern: /^https?:\/\/\S+$/, patternHint: 'an http(s) URL', description: 'Kibana base URL.', example: 'http://kibana:5601' },
      username: { type: 'string', description: 'User for Kibana (defaults to the Elasticsearch user).' },
      password: { type: 'string', secret: true, description: 'Password for Kibana (defaults to the Elasticsearch password).' },
      saved_objects: { type: 'string', default: '../kibana/logpipe.ndjson', description: 'The saved objects (ndjson), relative to this file.' },
      wait: { type: 'duration', default: '5m', description: 'How long to wait for Kibana to report itself available.' },
    },
  },
  etcd: {
    description: 'Collection targets seeded into etcd, each only when its key does not exist yet.',
    optional: true,
    rules: etcdConnectionRules,
    keys: {
      ...etcdConnectionKeys(),
      prefix: { type: 'string', default: '/logagent', pattern: /^\/[^\s]*[^/\s]$/, patternHint: 'an absolute key prefix without a trailing slash', description: "logagent's `[etcd] prefix`." },
      targets: { type: 'string', default: 'demo-targets.json', description: 'JSON object of `<agent>/targets/<id>` (or `<agent>/collect_config`) → value, relative to this file.' },
      allowed_paths: { type: 'list', default: ['/var/log'], pattern: /\/.*/, patternHint: 'absolute paths', description: "The agents' `[agent] allowed_paths`: a seeded target outside them is refused." },
    },
  },
  log: logSection('What setup logs while it works (on stderr); its summary goes to stdout.'),
});
