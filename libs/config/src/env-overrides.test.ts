import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { envTable, envVarName } from './env-names.js';
import { parseConfig } from './parse-config.js';
import { defineSchema } from './schema.js';

const schema = defineSchema({
  kafka: {
    description: 'Kafka.',
    keys: {
      brokers: { type: 'list', required: true, description: 'Bootstrap brokers.' },
      client_id: { type: 'string', default: 'logagent', description: 'Client id.' },
      acks: { type: 'enum', values: ['all', '1', '0'], aliases: { '-1': 'all' }, default: 'all', description: 'Acks.' },
      flush_bytes: { type: 'bytes', default: '1MiB', description: 'Batch size.' },
    },
  },
  'kafka.tls': {
    description: 'TLS.',
    optional: true,
    keys: {
      ca: { type: 'string', required: true, description: 'CA bundle.' },
      verify: { type: 'boolean', default: true, description: 'Verify.' },
    },
  },
  files: { description: 'Files.', keys: { allowed_paths: { type: 'list', default: [], description: 'Globs.' } } },
  http: {
    description: 'HTTP.',
    keys: {
      listen: { type: 'address', default: ':9100', description: 'Listen address.' },
      enabled: { type: 'boolean', default: true, description: 'Serve metrics.' },
    },
  },
});

const SOURCE = 'config/logagent.ini';

function parse(text: string, env: Record<string, string> = {}, allowEnv?: string[]) {
  return parseConfig(text, SOURCE, schema, { envPrefix: 'LOGAGENT', env, allowEnv });
}

function errorOf(text: string, env: Record<string, string> = {}, allowEnv?: string[]): ConfigError {
  try {
    parse(text, env, allowEnv);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

test('variable names are PREFIX_SECTION_KEY in upper case, with dots and dashes as underscores', () => {
  assert.equal(envVarName('LOGAGENT', 'kafka', 'flush_bytes'), 'LOGAGENT_KAFKA_FLUSH_BYTES');
  assert.equal(envVarName('logagent_', 'kafka.tls', 'client-id'), 'LOGAGENT_KAFKA_TLS_CLIENT_ID');
  const table = envTable(schema, 'LOGAGENT');
  assert.deepEqual(table.targets.get('LOGAGENT_FILES_ALLOWED_PATHS'), { section: 'files', key: 'allowed_paths' });
  assert.deepEqual(table.targets.get('LOGAGENT_KAFKA_TLS_CA'), { section: 'kafka.tls', key: 'ca' });
  assert.deepEqual(table.clashes, []);
});

test('environment variables override the file, matched whole even when keys contain underscores', () => {
  const config = parse('[kafka]\nbrokers = file:9092\nclient_id = from-file\n', {
    LOGAGENT_KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.2:9092',
    LOGAGENT_KAFKA_CLIENT_ID: 'from-env',
    LOGAGENT_KAFKA_FLUSH_BYTES: '2MiB',
    LOGAGENT_FILES_ALLOWED_PATHS: '/a/*.log, /b/*.log',
    LOGAGENT_HTTP_ENABLED: 'false',
    OTHER_APP_SETTING: 'ignored: not our prefix',
  });
  assert.deepEqual(config.kafka.brokers, ['127.0.0.1:9092', '127.0.0.2:9092']);
  assert.equal(config.kafka.client_id, 'from-env');
  assert.equal(config.kafka.flush_bytes, 2_097_152);
  assert.deepEqual(config.files.allowed_paths, ['/a/*.log', '/b/*.log']);
  assert.equal(config.http.enabled, false);
});

test('an env variable satisfies a required key and brings an optional section to life', () => {
  const config = parse('', { LOGAGENT_KAFKA_BROKERS: 'k:9092', LOGAGENT_KAFKA_TLS_CA: '/ca.pem' });
  assert.deepEqual(config.kafka.brokers, ['k:9092']);
  assert.deepEqual(config['kafka.tls'], { ca: '/ca.pem', verify: true });
});

test('a bad env value is reported with the variable as its source', () => {
  assert.equal(
    errorOf('[kafka]\nbrokers = k:1\nacks = all\n', { LOGAGENT_KAFKA_ACKS: '7' }).message,
    'invalid configuration (1 problem):\n  env LOGAGENT_KAFKA_ACKS: [kafka] acks = "7": must be one of: all, 1, 0 (-1 means all)',
  );
});

test('a prefixed env variable that names no key is an error, with a suggestion, unless allowed', () => {
  const env = { LOGAGENT_KAFKA_BROKER: 'k:1', LOGAGENT_CONFIG: '/etc/logagent.ini', LOGAGENT_NONSENSE: 'x' };
  assert.deepEqual(errorOf('[kafka]\nbrokers = k:1\n', env, ['LOGAGENT_CONFIG']).problems, [
    { source: 'env LOGAGENT_KAFKA_BROKER', value: 'k:1', message: 'matches no config key; did you mean `LOGAGENT_KAFKA_BROKERS`?' },
    {
      source: 'env LOGAGENT_NONSENSE',
      value: 'x',
      message: 'matches no config key; variables starting with LOGAGENT_ must name a config key as LOGAGENT_<SECTION>_<KEY> (see the config docs)',
    },
  ]);
  assert.deepEqual(errorOf('[kafka]\nbrokers = k:1\n', { LOGAGENT_CONFIG: '/etc/x.ini' }).problems, [
    {
      source: 'env LOGAGENT_CONFIG',
      value: '/etc/x.ini',
      message: 'matches no config key; variables starting with LOGAGENT_ must name a config key as LOGAGENT_<SECTION>_<KEY> (see the config docs)',
    },
  ]);
});

test('env is read from process.env when options.env is left out', () => {
  const name = 'CFGTEST_HTTP_LISTEN';
  process.env[name] = ':7000';
  try {
    const config = parseConfig('', SOURCE, { http: schema.http }, { envPrefix: 'CFGTEST' });
    assert.equal(config.http.listen, ':7000');
  } finally {
    delete process.env[name];
  }
});
