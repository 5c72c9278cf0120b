import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import { defineSchema } from './schema.js';

const testdata = fileURLToPath(new URL('../testdata/', import.meta.url));

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
  'kafka.tls': { description: 'TLS.', optional: true, keys: { ca: { type: 'string', required: true, description: 'CA.' } } },
  files: {
    description: 'Files.',
    keys: {
      allowed_paths: { type: 'list', default: [], description: 'Globs.' },
      max_line: { type: 'integer', default: 65536, min: 1, description: 'Longest line.' },
    },
  },
  http: { description: 'HTTP.', keys: { listen: { type: 'address', default: ':9100', description: 'Listen address.' } } },
});

const options = { envPrefix: 'LOGAGENT', env: {} };

function loadError(path: string): ConfigError {
  try {
    loadConfig(path, schema, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  assert.fail('expected a ConfigError');
}

test('a complete config file loads with every value typed', () => {
  assert.deepEqual(loadConfig(join(testdata, 'logagent.ini'), schema, options), {
    kafka: { brokers: ['127.0.0.1:9092', '127.0.0.2:9092'], client_id: 'web-1 ; edge', acks: 'all', flush_bytes: 262_144 },
    'kafka.tls': { ca: '/etc/ssl/certs/kafka-ca.pem' },
    files: { allowed_paths: ['/var/log/nginx/*.log', '/var/log/app/*.log'], max_line: 32768 },
    http: { listen: ':9100' },
  });
});

test('problems in a file are reported with its path', () => {
  const path = join(testdata, 'typos.ini');
  assert.deepEqual(
    loadError(path).problems.map((p) => [p.source, p.section, p.key, p.message.slice(0, 40)]),
    [
      [path, 'kafka', 'ack', 'unknown key; did you mean `acks`?'],
      [path, 'htpp', undefined, 'unknown section; did you mean `[http]`?'],
      [path, 'kafka', 'flush_bytes', 'must be a size: a number of bytes, optio'],
    ],
  );
});

test('a missing file is one problem naming the path as given and as resolved', () => {
  const error = loadError('config/no-such-file.ini');
  assert.equal(
    error.message,
    'invalid configuration (1 problem):\n' +
      `  config/no-such-file.ini: config file not found (looked for ${resolve('config/no-such-file.ini')}); create it or give the right path`,
  );
});

test('a directory instead of a file is reported as such', () => {
  assert.deepEqual(loadError(testdata).problems, [{ source: testdata, message: 'is a directory; give the path of the .ini file' }]);
});

test('a file with CRLF line endings and a byte-order mark loads (as saved by Windows editors)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'logpipe-config-'));
  try {
    const path = join(dir, 'windows.ini');
    writeFileSync(path, '\uFEFF[kafka]\r\nbrokers = k:9092\r\n\r\n[http]\r\nlisten = 0.0.0.0:9100\r\n');
    const config = loadConfig(path, schema, options);
    assert.deepEqual(config.kafka.brokers, ['k:9092']);
    assert.equal(config.http.listen, '0.0.0.0:9100');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
