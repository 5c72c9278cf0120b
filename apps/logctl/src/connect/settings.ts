import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';
import type { IOptions } from 'etcd3';
import { ConfigError, HOST_PORT_FORMAT, hostPortProblem, loadConfig, urlFormat, urlProblem, type ConfigOf } from '@logpipe/config';
import { kafkaConnectionFrom, type KafkaConnection } from '@logpipe/kafka';
import type { EtcdAccess } from '@logpipe/etcd-mirror';
import { agentSchema, DEFAULT_TRANSFER_PREFIX, etcdAccess, etcdOptions, parseRouteIni, transferSchema, type RouteSpec } from '@logpipe/schemas';
import type { SearchCredentials, SettingNames } from '@logpipe/search';
import { CliError, EXIT_USAGE, UsageError } from '../cli/errors.js';
import type { OptionSpec, Server } from '../cli/command.js';

export const DEFAULT_PREFIX = '/logagent';
export const DEFAULT_GROUP = 'logtransfer';
export const DEFAULT_INDEX_PATTERN = 'logs-{topic}-{yyyy.MM.dd}';
const PREFIX = /^\/[^\s]*[^/\s]$/;

/** The flags every command accepts; `servers` decides which commands' help lists them. */
export const CONNECTION_OPTIONS: Readonly<Record<string, OptionSpec & { servers: readonly Server[] }>> = {
  etcd: { type: 'string', value: 'URLS', servers: ['etcd'], description: 'etcd endpoints, comma-separated (env LOGCTL_ETCD_ENDPOINTS; default http://127.0.0.1:2379)' },
  brokers: { type: 'string', value: 'LIST', servers: ['kafka'], description: 'Kafka brokers, comma-separated (env LOGCTL_KAFKA_BROKERS; default 127.0.0.1:9092)' },
  es: { type: 'string', value: 'URLS', servers: ['elasticsearch'], description: 'Elasticsearch nodes, comma-separated (env LOGCTL_ELASTICSEARCH_NODES; default http://127.0.0.1:9200)' },
  'agent-config': { type: 'string', value: 'FILE', servers: ['etcd', 'kafka'], description: "read etcd (endpoints, auth, TLS, prefix), Kafka and allowed_paths from logagent's INI file" },
  'transfer-config': { type: 'string', value: 'FILE', servers: ['kafka', 'elasticsearch', 'routes'], description: "read Kafka, Elasticsearch, the consumer group, the index pattern and etcd from logtransfer's INI file" },
  prefix: { type: 'string', value: 'PREFIX', servers: ['etcd'], description: "the agents' etcd key prefix (default /logagent, or [etcd] prefix of --agent-config)" },
  'transfer-prefix': { type: 'string', value: 'PREFIX', servers: ['routes'], description: "the transfer's etcd key prefix, where routes live (default /logtransfer, or [etcd] prefix of --transfer-config)" },
};

export interface EtcdSettings {
  options: IOptions;
  endpoints: string[];
  /** Where the endpoints came from, for error messages: `--etcd`, an env variable, a file, the default. */
  source: string;
  /** For errors that say what to fix when etcd refuses logctl (password, role, certificate). */
  access: EtcdAccess;
}

export interface KafkaSettings {
  connection: KafkaConnection;
  source: string;
}

export interface ElasticsearchSettings {
  options: ClientOptions;
  nodes: string[];
  source: string;
  /** Who logctl is, and where each credential setting lives, for the errors of a refusal. */
  access: { credentials: SearchCredentials; names: SettingNames };
}

/**
 * logctl's own credentials for Elasticsearch, so an operator can query as a read-only user while
 * reading the nodes and index pattern from the transfer's INI file. Environment only: a
 * password on the command line would show in `ps` and the shell's history.
 */
export const ES_CREDENTIAL_VARIABLES = {
  username: 'LOGCTL_ELASTICSEARCH_USERNAME',
  password: 'LOGCTL_ELASTICSEARCH_PASSWORD',
  apiKey: 'LOGCTL_ELASTICSEARCH_API_KEY',
  caFile: 'LOGCTL_ELASTICSEARCH_CA_FILE',
} as const satisfies SettingNames;

type AgentConfig = ConfigOf<typeof agentSchema>;
type TransferConfig = ConfigOf<typeof transferSchema>;

/**
 * How to reach the servers, from (first wins) the flags, logctl's own environment variables, the
 * apps' INI files (read with the apps' own schemas and their environment overrides, so logctl sees
 * exactly what the apps see), then the local defaults. Files are read only when a command needs
 * something from them, and only once.
 */
export class Settings {
  private agent: AgentConfig | undefined;
  private transfer: TransferConfig | undefined;

  constructor(
    private readonly flags: Readonly<Record<string, string | undefined>>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Checks the addresses of the servers a command uses (flags, variables, files): a UsageError names the bad one. */
  check(servers: readonly Server[]): void {
    if (servers.includes('etcd')) this.etcd();
    if (servers.includes('kafka')) this.kafka();
    if (servers.includes('elasticsearch')) this.elasticsearch();
  }

  /** etcd from the flag, the variable, `[etcd]` of --agent-config, then `[etcd]` of --transfer-config (auth and TLS from the same file). */
  etcd(): EtcdSettings {
    const fromFlag = list(this.flags.etcd, '--etcd', urls);
    const fromEnv = fromFlag ? undefined : list(this.env.LOGCTL_ETCD_ENDPOINTS, 'LOGCTL_ETCD_ENDPOINTS', urls);
    const agent = this.agentConfig()?.etcd;
    const transfer = this.transferConfig()?.etcd;
    const file = agent ? 'agent-config' : transfer ? 'transfer-config' : undefined;
    const base = agent ?? transfer ?? { endpoints: ['http://127.0.0.1:2379'], dial_timeout: 3000 };
    const [endpoints, source] = fromFlag
      ? [fromFlag, '--etcd']
      : fromEnv
        ? [fromEnv, 'LOGCTL_ETCD_ENDPOINTS']
        : file
          ? [base.endpoints, `[etcd] endpoints of ${this.flags[file]}`]
          : [base.endpoints, 'the default'];
    // Credentials and TLS only ever come from a file: a password on the command line is in `ps`.
    const section = file ? `[etcd] of ${this.flags[file]}` : '[etcd] of an INI file given with --agent-config';
    return { options: etcdOptions({ ...base, endpoints }), endpoints, source, access: etcdAccess({ ...base, endpoints }, section) };
  }

  /** The agents' key prefix, without a trailing slash. */
  prefix(): string {
    const prefix = this.flags.prefix ?? this.agentConfig()?.etcd.prefix ?? DEFAULT_PREFIX;
    if (!PREFIX.test(prefix)) throw new UsageError(`--prefix ${JSON.stringify(prefix)}: must be an absolute key prefix without a trailing slash, like /logagent`);
    return prefix;
  }

  /** The transfer's key prefix (routes live under `<prefix>/routes/`), without a trailing slash. */
  transferPrefix(): string {
    const prefix = this.flags['transfer-prefix'] ?? this.transferConfig()?.etcd?.prefix ?? DEFAULT_TRANSFER_PREFIX;
    if (!PREFIX.test(prefix)) throw new UsageError(`--transfer-prefix ${JSON.stringify(prefix)}: must be an absolute key prefix without a trailing slash, like /logtransfer`);
    return prefix;
  }

  /** `[agent] allowed_paths` of --agent-config: targets are checked against it as the agent would. */
  allowedPaths(): string[] {
    return this.agentConfig()?.agent.allowed_paths ?? [];
  }

  kafka(): KafkaSettings {
    const fromFlag = list(this.flags.brokers, '--brokers', brokerAddresses);
    const fromEnv = fromFlag ? undefined : list(this.env.LOGCTL_KAFKA_BROKERS, 'LOGCTL_KAFKA_BROKERS', brokerAddresses);
    const file = this.transferConfig() ? 'transfer-config' : this.agentConfig() ? 'agent-config' : undefined;
    const section = this.transferConfig()?.kafka ?? this.agentConfig()?.kafka;
    const connection: KafkaConnection = section
      ? { ...kafkaConnectionFrom(section), clientId: 'logctl' }
      : { brokers: ['127.0.0.1:9092'], clientId: 'logctl' };
    const [brokers, source] = fromFlag
      ? [fromFlag, '--brokers']
      : fromEnv
        ? [fromEnv, 'LOGCTL_KAFKA_BROKERS']
        : file
          ? [connection.brokers, `[kafka] brokers of ${this.flags[file]}`]
          : [connection.brokers, 'the default'];
    return { connection: { ...connection, brokers, connectionTimeoutMs: 3000, requestTimeoutMs: 10_000 }, source };
  }

  elasticsearch(): ElasticsearchSettings {
    const fromFlag = list(this.flags.es, '--es', urls);
    const fromEnv = fromFlag ? undefined : list(this.env.LOGCTL_ELASTICSEARCH_NODES, 'LOGCTL_ELASTICSEARCH_NODES', urls);
    const section = this.transferConfig()?.elasticsearch;
    const [nodes, source] = fromFlag
      ? [fromFlag, '--es']
      : fromEnv
        ? [fromEnv, 'LOGCTL_ELASTICSEARCH_NODES']
        : section
          ? [section.nodes, `[elasticsearch] nodes of ${this.flags['transfer-config']}`]
          : [['http://127.0.0.1:9200'], 'the default'];
    const { credentials, names, password } = this.elasticsearchCredentials(section);
    const caFile = credentials.ca_file;
    const options: ClientOptions = {
      nodes,
      requestTimeout: section?.request_timeout ?? 30_000,
      maxRetries: 1,
      ...(credentials.api_key ? { auth: { apiKey: credentials.api_key } } : credentials.username ? { auth: { username: credentials.username, password: password ?? '' } } : {}),
      ...(caFile ? { tls: { ca: readCa(caFile, names.caFile) } } : {}),
    };
    return { options, nodes, source, access: { credentials, names } };
  }

  /**
   * The LOGCTL_ELASTICSEARCH_* variables when any credential one is set (they replace the INI
   * file's user or key as a whole, so a read-only user never mixes with the writer's key), else
   * `[elasticsearch]` of --transfer-config. The CA comes from the variable, else the file.
   */
  private elasticsearchCredentials(section: TransferConfig['elasticsearch'] | undefined): { credentials: SearchCredentials; names: SettingNames; password: string | undefined } {
    const v = ES_CREDENTIAL_VARIABLES;
    const env = (name: string) => (this.env[name] === undefined || this.env[name] === '' ? undefined : this.env[name]);
    const fileNames = (key: string) => `[elasticsearch] ${key} of ${this.flags['transfer-config']}`;
    const caFile = env(v.caFile) ?? section?.ca_file;
    const caName = env(v.caFile) ? v.caFile : section?.ca_file ? fileNames('ca_file') : v.caFile;
    const ownUser = env(v.username) !== undefined || env(v.apiKey) !== undefined;
    if (ownUser || !section) {
      if (env(v.username) !== undefined && env(v.apiKey) !== undefined) throw new UsageError(`${v.username} and ${v.apiKey} are both set: authenticate with one`);
      if (env(v.username) !== undefined && env(v.password) === undefined) throw new UsageError(`${v.username} is set without ${v.password}: set both, or ${v.apiKey} instead`);
      return { credentials: { username: env(v.username), api_key: env(v.apiKey), ca_file: caFile }, names: { ...v, caFile: caName }, password: env(v.password) };
    }
    const names = { username: fileNames('username'), password: fileNames('password'), apiKey: fileNames('api_key'), caFile: caName };
    return { credentials: { username: section.username, api_key: section.api_key, ca_file: caFile }, names, password: section.password };
  }

  /** The transfer's consumer group, whose lag `status` shows. */
  group(flag: string | undefined): string {
    return flag ?? this.transferConfig()?.transfer.group ?? DEFAULT_GROUP;
  }

  /** `[elasticsearch] index` of the transfer: where a topic's documents go unless a route says otherwise. */
  indexPattern(): string {
    return this.transferConfig()?.elasticsearch.index ?? DEFAULT_INDEX_PATTERN;
  }

  /** The valid `[routes]` of --transfer-config (the transfer refuses to start with an invalid one). */
  iniRoutes(): Map<string, RouteSpec> {
    const routes = new Map<string, RouteSpec>();
    for (const [topic, text] of Object.entries(this.transferConfig()?.routes ?? {})) {
      const parsed = parseRouteIni(text);
      if (parsed.ok) routes.set(topic, parsed.route);
    }
    return routes;
  }

  private agentConfig(): AgentConfig | undefined {
    const path = this.flags['agent-config'];
    if (path === undefined) return undefined;
    this.agent ??= readConfig(path, () => loadConfig(path, agentSchema, { envPrefix: 'LOGAGENT', env: this.env, allowEnv: ['LOGAGENT_CONFIG'] }));
    return this.agent;
  }

  private transferConfig(): TransferConfig | undefined {
    const path = this.flags['transfer-config'];
    if (path === undefined) return undefined;
    this.transfer ??= readConfig(path, () => loadConfig(path, transferSchema, { envPrefix: 'LOGTRANSFER', env: this.env, allowEnv: ['LOGTRANSFER_CONFIG'] }));
    return this.transfer;
  }
}

function readConfig<T>(path: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    throw new CliError(`cannot use ${path}: ${err.message}\n(logctl check --config ${path} shows the same problems)`, EXIT_USAGE);
  }
}

function readCa(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`${name} ${path}: ${(err as Error).message}`);
  }
}

/** How server addresses in a flag or variable must look, checked as the apps check their INI keys. */
interface AddressRule {
  format: string;
  problem(item: string): string | undefined;
}

const WEB = ['http', 'https'];
const urls: AddressRule = { format: urlFormat(WEB), problem: (item) => urlProblem(item, WEB) };
const brokerAddresses: AddressRule = { format: `addresses ${HOST_PORT_FORMAT}`, problem: hostPortProblem };

/**
 * A comma-separated flag or variable → its items, each checked; undefined when unset, so the
 * next source applies. Set but empty is a mistake (an unset shell variable), never the default.
 */
function list(text: string | undefined, name: string, rule: AddressRule): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
  if (items.length === 0) throw new UsageError(`${name} is empty: give ${rule.format}, or leave it out for the default`);
  const bad = items.flatMap((item) => {
    const problem = rule.problem(item);
    return problem === undefined ? [] : [`${JSON.stringify(item)} (${problem})`];
  });
  if (bad.length > 0) throw new UsageError(`${name} ${JSON.stringify(text)}: must be ${rule.format}; not valid: ${bad.join(', ')}`);
  return items;
}
