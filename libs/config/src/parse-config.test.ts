import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { defineSchema } from './schema.js';
import { bothOrNeither, onlyWhen } from './section-rules.js';

const schema = defineSchema({
  kafka: {
    description: 'The Kafka cluster events are sent to.',
    keys: {
      brokers: { type: 'list', required: true, description: 'Bootstrap brokers.', example: '127.0.0.1:9092' },
      client_id: { type: 'string', default: 'logagent', description: 'Client id sent to Kafka.' },
      acks: { type: 'enum', values: ['all', '1', '0'], aliases: { '-1': 'all' }, default: 'all', description: 'Acknowledgements.' },
      flush_bytes: { type: 'bytes', default: '1MiB', min: '1KiB', description: 'Batch size.' },
      linger: { type: 'duration', default: '5ms', description: 'Batch wait.' },
      password: { type: 'string', secret: true, description: 'SASL password.' },
    },
  },
  'kafka.tls': {
    description: 'TLS towards Kafka.',
    optional: true,
    keys: {
      ca: { type: 'string', required: true, description: 'CA bundle path.' },
      verify: { type: 'boolean', default: true, description: 'Verify the broker certificate.' },
    },
  },
  files: {
    description: 'Which files are harvested.',
    keys: {
      allowed_paths: { type: 'list', default: [], description: 'Glob patterns.' },
      max_line: { type: 'integer', default: 65536, min: 1, description: 'Longest line in bytes.' },
      poll: { type: 'duration', description: 'Polling interval; watch events when unset.' },
    },
  },
  http: {
    description: 'Metrics and health endpoint.',
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

/** Parses and returns the ConfigError's message; fails the test if nothing was thrown. */
function errorOf(text: string, env: Record<string, string> = {}, allowEnv?: string[]): ConfigError {
  try {
    parse(text, env, allowEnv);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

test('a minimal file gets every default, converted to its type', () => {
  assert.deepEqual(parse('[kafka]\nbrokers = 127.0.0.1:9092\n'), {
    kafka: { brokers: ['127.0.0.1:9092'], client_id: 'logagent', acks: 'all', flush_bytes: 1_048_576, linger: 5, password: undefined },
    'kafka.tls': undefined,
    files: { allowed_paths: [], max_line: 65536, poll: undefined },
    http: { listen: ':9100', enabled: true },
  });
});

test('values in the file replace defaults', () => {
  const config = parse(
    [
      '[kafka]',
      'brokers = k1:9092, k2:9092',
      'client_id = agent-7',
      'acks = -1',
      'flush_bytes = 64KiB',
      'linger = 1s',
      '[kafka.tls]',
      'ca = /etc/ssl/ca.pem',
      'verify = off',
      '[files]',
      'allowed_paths[] = /var/log/*.log',
      'allowed_paths[] = /srv/app/logs/*.log',
      'max_line = 1024',
      'poll = 250ms',
      '[http]',
      'listen = 127.0.0.1:9100',
      'enabled = no',
    ].join('\n'),
  );
  assert.deepEqual(config, {
    kafka: { brokers: ['k1:9092', 'k2:9092'], client_id: 'agent-7', acks: 'all', flush_bytes: 65536, linger: 1000, password: undefined },
    'kafka.tls': { ca: '/etc/ssl/ca.pem', verify: false },
    files: { allowed_paths: ['/var/log/*.log', '/srv/app/logs/*.log'], max_line: 1024, poll: 250 },
    http: { listen: '127.0.0.1:9100', enabled: false },
  });
});

test('an empty file is valid when no key is required', () => {
  const config = parseConfig('', SOURCE, { http: schema.http }, { envPrefix: 'LOGAGENT', env: {} });
  assert.deepEqual(config, { http: { listen: ':9100', enabled: true } });
});

test('a missing required key names the env variable that could set it and an example', () => {
  assert.equal(
    errorOf('').message,
    'invalid configuration (1 problem):\n' +
      '  config/logagent.ini: [kafka] brokers: is required: a comma-separated list (e.g. brokers = 127.0.0.1:9092); ' +
      'set it in this file or with LOGAGENT_KAFKA_BROKERS',
  );
});

test('a required key set to nothing is reported as empty', () => {
  assert.deepEqual(errorOf('[kafka]\nbrokers = , \n').problems, [
    { source: SOURCE, section: 'kafka', key: 'brokers', value: ',', message: 'is required and must not be empty: a comma-separated list' },
  ]);
});

test('an optional section, once written, must have its required keys', () => {
  assert.deepEqual(errorOf('[kafka]\nbrokers = k:1\n[kafka.tls]\nverify = yes\n').problems, [
    { source: SOURCE, section: 'kafka.tls', key: 'ca', message: 'is required: a string; set it in this file or with LOGAGENT_KAFKA_TLS_CA' },
  ]);
});

test('unknown sections and keys are errors that suggest the closest known name', () => {
  assert.deepEqual(errorOf('[kafka]\nborkers = k:1\nbrokers = k:1\ncompression = zstd\n[kafak]\nx = 1\n[metrics]\n').problems, [
    { source: SOURCE, section: 'kafka', key: 'borkers', value: 'k:1', message: 'unknown key; did you mean `brokers`?' },
    {
      source: SOURCE,
      section: 'kafka',
      key: 'compression',
      value: 'zstd',
      message: 'unknown key; [kafka] has: brokers, client_id, acks, flush_bytes, linger, password',
    },
    { source: SOURCE, section: 'kafak', message: 'unknown section; did you mean `[kafka]`?' },
    { source: SOURCE, section: 'metrics', message: 'unknown section; known sections: [kafka], [kafka.tls], [files], [http]' },
  ]);
});

test('an undeclared dotted section is an unknown section, not a crash', () => {
  assert.deepEqual(errorOf('[kafka]\nbrokers = k:1\n[kafka.sasl]\nuser = u\n[http.tls]\ncert = c\n').problems, [
    { source: SOURCE, section: 'kafka.sasl', message: 'unknown section; did you mean `[kafka.tls]`?' },
    { source: SOURCE, section: 'http.tls', message: 'unknown section; known sections: [kafka], [kafka.tls], [files], [http]' },
  ]);
});

test('every problem is reported at once, in one message', () => {
  const text = [
    'brokers = early:1',
    '[kafka]',
    'acks = 7',
    'flush_bytes = 10 MiBs',
    'lingr = 5ms',
    '[files]',
    'max_line = 0',
    'poll',
    '[http]',
    'listen = localhost',
    'enabled[] = true',
  ].join('\n');
  assert.equal(
    errorOf(text, { LOGAGENT_KAFKA_LINGER: '5' }).message,
    [
      'invalid configuration (10 problems):',
      '  config/logagent.ini: brokers = "early:1": is outside any section; keys go below a [section] header; `brokers` belongs in [kafka]',
      '  config/logagent.ini: [kafka] lingr = "5ms": unknown key; did you mean `linger`?',
      '  config/logagent.ini: [kafka] brokers: is required: a comma-separated list (e.g. brokers = 127.0.0.1:9092); set it in this file or with LOGAGENT_KAFKA_BROKERS',
      '  config/logagent.ini: [kafka] acks = "7": must be one of: all, 1, 0 (-1 means all)',
      '  config/logagent.ini: [kafka] flush_bytes = "10 MiBs": must be a size: a number of bytes, optionally followed by a unit: ' +
        'B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 512, 64KiB, 10MB, 1GiB',
      '  env LOGAGENT_KAFKA_LINGER: [kafka] linger = "5": must be a duration: a number followed by ms, s, m, h or d (e.g. 250ms, 5s, 1.5m, 2h, 7d), or 0',
      '  config/logagent.ini: [files] max_line = "0": must be an integer of at least 1',
      '  config/logagent.ini: [files] poll = "true": must be a duration: a number followed by ms, s, m, h or d (e.g. 250ms, 5s, 1.5m, 2h, 7d), or 0; ' +
        'note that a key written without "= value" reads as true',
      '  config/logagent.ini: [http] listen = "localhost": must be an address: "host:port", or ":port" to listen on all interfaces, ' +
        'with a port from 0 to 65535 (put IPv6 hosts in brackets: [::1]:9092)',
      '  config/logagent.ini: [http] enabled = "true": takes one value (true or false), but was written as a list with "[]"; write "key = value" once',
    ].join('\n'),
  );
});

test('a section header with a comment after it is called out', () => {
  const problems = errorOf('[kafka] ; production\nbrokers = k:1\n').problems;
  assert.deepEqual(problems[0], {
    source: SOURCE,
    key: '[kafka]',
    value: 'true',
    message: 'looks like a section header with something after it; a header must be alone on its line (put comments on their own line)',
  });
  assert.equal(problems.length, 3, 'the header problem, brokers outside any section, and brokers missing in [kafka]');
});

test('secret values are never printed, not even for a misspelt key or variable', () => {
  const schemaWithPattern = defineSchema({
    es: { description: 'x', keys: { password: { type: 'string', secret: true, pattern: /.{12,}/, patternHint: 'at least 12 characters', description: 'x' } } },
  });
  const error = (() => {
    try {
      parseConfig('[es]\npassword = hunter2\npasword = hunter3\n', SOURCE, schemaWithPattern, {
        envPrefix: 'LT',
        env: { LT_ES_PASWORD: 'hunter4' },
      });
    } catch (err) {
      return err as ConfigError;
    }
    assert.fail('expected a ConfigError');
  })();
  assert.equal(
    error.message,
    [
      'invalid configuration (3 problems):',
      '  config/logagent.ini: [es] pasword = "<hidden>": unknown key; did you mean `password`?',
      '  env LT_ES_PASWORD = "<hidden>": matches no config key; did you mean `LT_ES_PASSWORD`?',
      '  config/logagent.ini: [es] password = "<hidden>": must be at least 12 characters',
    ].join('\n'),
  );
  assert.doesNotMatch(error.message, /hunter/);
});

test('CRLF, a byte-order mark, comments and quoted values parse end to end', () => {
  const text = '\uFEFF; logagent\r\n# config\r\n[kafka]\r\nbrokers = k:9092 ; local\r\nclient_id = "agent ; #1"\r\n[http]\r\nlisten = :9100\r\n';
  const config = parse(text);
  assert.deepEqual(config.kafka.brokers, ['k:9092']);
  assert.equal(config.kafka.client_id, 'agent ; #1');
  assert.equal(config.http.listen, ':9100');
});

test('a string key keeps text that ini would have read as a boolean or null', () => {
  const config = parse('[kafka]\nbrokers = k:1\nclient_id = null\npassword = true\n');
  assert.equal(config.kafka.client_id, 'null');
  assert.equal(config.kafka.password, 'true');
});

test('a value cut short by a comment after its closing quote is an error, not a silent "\\"web-1"', () => {
  assert.deepEqual(errorOf('[kafka]\nbrokers = k:1\nclient_id = "web-1 ; edge" ; the edge box\n').problems, [
    {
      source: SOURCE,
      section: 'kafka',
      key: 'client_id',
      value: '"web-1',
      message: 'starts with a quote but does not end with one; a comment after a quoted value cuts it at the first ";" or "#" (put the comment on its own line)',
    },
  ]);
});

test('a double-quoted value with a bad escape is an error, not a value with quotes in it', () => {
  const problems = errorOf('[kafka]\nbrokers = k:1\nclient_id = "agent\\d"\n').problems;
  assert.equal(
    problems.map((p) => `${p.key} = ${p.value}: ${p.message}`).join('\n'),
    'client_id = "agent\\d": is in double quotes that could not be removed: inside double quotes a backslash must be doubled ' +
      '(write "\\\\d+" for \\d+), or leave the quotes out',
  );
  assert.equal(parse('[kafka]\nbrokers = k:1\nclient_id = "agent\\\\d"\n').kafka.client_id, 'agent\\d');
  assert.equal(parse('[kafka]\nbrokers = k:1\nclient_id = agent\\d\n').kafka.client_id, 'agent\\d');
});

const servers = defineSchema({
  kafka: {
    description: 'Kafka.',
    rules: [bothOrNeither('cert', 'key', 'a certificate goes with its key'), onlyWhen(['user'], (v) => v.sasl === true, 'sasl is off; set sasl = true')],
    keys: {
      brokers: { type: 'list', default: ['127.0.0.1:9092'], items: { kind: 'host-port' }, description: 'Brokers.' },
      nodes: { type: 'list', default: ['http://127.0.0.1:9200'], items: { kind: 'url', schemes: ['http', 'https'] }, description: 'Nodes.' },
      suffix: { type: 'string', default: '.dlq', description: 'Suffix.' },
      note: { type: 'string', allowEmpty: true, description: 'Free text.' },
      paths: { type: 'list', default: [], description: 'Paths.' },
      timeout: { type: 'duration', default: '5s', description: 'Timeout.' },
      retries: { type: 'integer', default: 3, min: 0, max: 10, description: 'Retries.' },
      sasl: { type: 'boolean', default: false, description: 'SASL.' },
      user: { type: 'string', description: 'User.' },
      cert: { type: 'string', file: true, description: 'Certificate.' },
      key: { type: 'string', file: true, description: 'Key.' },
    },
  },
});

function problemsOf(text: string, env: Record<string, string> = {}, fileProblem?: (path: string) => string | undefined): string[] {
  try {
    parseConfig(text, SOURCE, servers, { envPrefix: 'APP', env, ...(fileProblem ? { fileProblem } : {}) });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.source} ${p.key} = ${JSON.stringify(p.value)}: ${p.message}`);
    throw err;
  }
  return [];
}

test('a key written empty is refused, naming the default it did not get, in the file and from the environment', () => {
  assert.deepEqual(problemsOf('[kafka]\nbrokers =\nsuffix =\n'), [
    `${SOURCE} brokers = "": is empty: must be a comma-separated list of addresses host:port, with a port from 1 to 65535 (IPv6 in brackets: [::1]:9092); remove the line to use the default (127.0.0.1:9092)`,
    `${SOURCE} suffix = "": is empty: must be a string; remove the line to use the default (.dlq)`,
  ]);
  assert.deepEqual(problemsOf('', { APP_KAFKA_USER: ' ' }), ['env APP_KAFKA_USER user = " ": is empty: must be a string; unset the variable to leave it unset']);
});

test('empty is fine where it means something: allowEmpty, or a list whose default is empty', () => {
  const config = parseConfig('[kafka]\nnote =\npaths =\n', SOURCE, servers, { envPrefix: 'APP', env: {} });
  assert.deepEqual([config.kafka.note, config.kafka.paths], ['', []]);
});

test('every bad broker and URL is named, with why', () => {
  assert.deepEqual(problemsOf('[kafka]\nbrokers = k:9092, k:99999, http://k:9092\nnodes = not-a-url, http://es:9200, es:9200\n'), [
    `${SOURCE} brokers = "k:9092, k:99999, http://k:9092": must be a list of addresses host:port, with a port from 1 to 65535 (IPv6 in brackets: [::1]:9092); not valid: "k:99999" (port 99999 is out of range), "http://k:9092" (no scheme here: write k:9092)`,
    `${SOURCE} nodes = "not-a-url, http://es:9200, es:9200": must be a list of http:// or https:// URLs of a host, with an optional port from 1 to 65535; not valid: "not-a-url" (not a URL), "es:9200" (the scheme is missing: write http://es:9200)`,
  ]);
});

test('durations stop at what a timer can wait, integers at their bounds', () => {
  assert.deepEqual(problemsOf('[kafka]\ntimeout = 30d\nretries = 11\n'), [
    `${SOURCE} timeout = "30d": must be a duration of at most 24d`,
    `${SOURCE} retries = "11": must be an integer from 0 to 10`,
  ]);
  assert.equal(parseConfig('[kafka]\ntimeout = 24d\n', SOURCE, servers, { envPrefix: 'APP', env: {} }).kafka.timeout, 24 * 86_400_000);
});

test('rules between keys run once the keys are valid, and name the key to fix', () => {
  assert.deepEqual(problemsOf('[kafka]\ncert = c.pem\nuser = u\n'), [
    `${SOURCE} key = undefined: must be set too, since cert is: a certificate goes with its key`,
    `${SOURCE} user = undefined: would be ignored: sasl is off; set sasl = true`,
  ]);
  assert.deepEqual(problemsOf('[kafka]\ncert = c.pem\nkey = k.pem\nuser = u\nsasl = true\n'), []);
  // A bad value first: the rules wait, so one mistake is not reported twice.
  assert.deepEqual(problemsOf('[kafka]\ncert = c.pem\nretries = x\n').length, 1);
});

test('keys naming files are checked with the reader given, and only then', () => {
  const missing = (path: string) => (path === 'gone.pem' ? 'no such file' : undefined);
  assert.deepEqual(problemsOf('[kafka]\ncert = gone.pem\nkey = k.pem\n', {}, missing), [`${SOURCE} cert = "gone.pem": no such file`]);
  assert.deepEqual(problemsOf('[kafka]\ncert = gone.pem\nkey = k.pem\n'), []);
});
