// Type-level tests: if `ConfigOf` inference breaks, `tsc -b` fails on this file. The runtime
// assertions check that the values behind the types are what the types claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigOf } from './config-of.js';
import { parseConfig } from './parse-config.js';
import { defineSchema, type ConfigSchema } from './schema.js';

/** True only when A and B are the same type (`any` matches nothing but `any`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const schema = defineSchema({
  kafka: {
    description: 'Kafka.',
    keys: {
      brokers: { type: 'list', required: true, description: 'Brokers.' },
      acks: { type: 'enum', values: ['all', '1', '0'], default: 'all', description: 'Acks.' },
      compression: { type: 'enum', values: ['gzip', 'zstd'], description: 'Codec; none when unset.' },
      flush_bytes: { type: 'bytes', default: '1MiB', description: 'Batch size.' },
      linger: { type: 'duration', default: '5ms', description: 'Batch wait.' },
      client_id: { type: 'string', required: true, description: 'Client id.' },
    },
  },
  'kafka.tls': {
    description: 'TLS.',
    optional: true,
    keys: { ca: { type: 'string', required: true, description: 'CA.' }, verify: { type: 'boolean', default: true, description: 'Verify.' } },
  },
  http: {
    description: 'HTTP.',
    keys: {
      listen: { type: 'address', default: ':9100', description: 'Listen.' },
      port: { type: 'integer', description: 'Port.' },
      enabled: { type: 'boolean', description: 'Enabled.' },
      tags: { type: 'list', description: 'Tags.' },
    },
  },
});

test('parsed values have the types their specs promise', () => {
  const config = parseConfig('[kafka]\nbrokers = k:1\nclient_id = a\n[http]\nport = 80\n', 'x.ini', schema, { envPrefix: 'T', env: {} });

  const brokers: string[] = config.kafka.brokers;
  const acks: 'all' | '1' | '0' = config.kafka.acks;
  const compression: 'gzip' | 'zstd' | undefined = config.kafka.compression;
  const flushBytes: number = config.kafka.flush_bytes;
  const linger: number = config.kafka.linger;
  const clientId: string = config.kafka.client_id;
  const tls: { ca: string; verify: boolean } | undefined = config['kafka.tls'];
  const listen: string = config.http.listen;
  const port: number | undefined = config.http.port;
  const enabled: boolean | undefined = config.http.enabled;
  const tags: string[] | undefined = config.http.tags;

  const exact: [
    Equal<typeof config.kafka.acks, 'all' | '1' | '0'>,
    Equal<typeof config.kafka.compression, 'gzip' | 'zstd' | undefined>,
    Equal<typeof config.kafka.brokers, string[]>,
    Equal<typeof config.kafka.linger, number>,
    Equal<typeof config['kafka.tls'], { ca: string; verify: boolean } | undefined>,
    Equal<typeof config.http.port, number | undefined>,
    Equal<keyof typeof config, 'kafka' | 'kafka.tls' | 'http'>,
    Equal<keyof typeof config.http, 'listen' | 'port' | 'enabled' | 'tags'>,
  ] = [true, true, true, true, true, true, true, true];
  assert.ok(exact.every(Boolean));

  // @ts-expect-error an optional key without a default may be undefined
  const portAlways: number = config.http.port;
  // @ts-expect-error an optional section may be undefined
  const tlsAlways: { ca: string; verify: boolean } = config['kafka.tls'];
  // @ts-expect-error enum values are a closed union, not any string
  const wider: 'all' = config.kafka.acks;
  // @ts-expect-error unknown keys are not on the type
  assert.equal(config.kafka.nope, undefined);

  assert.deepEqual(
    [brokers, acks, compression, flushBytes, linger, clientId, tls, listen, port, enabled, tags, portAlways, tlsAlways, wider],
    [['k:1'], 'all', undefined, 1_048_576, 5, 'a', undefined, ':9100', 80, undefined, undefined, 80, undefined, 'all'],
  );
});

test('`as const satisfies ConfigSchema` infers the same types as defineSchema', () => {
  const plain = {
    s: { description: 'S.', keys: { level: { type: 'enum', values: ['debug', 'info'], default: 'info', description: 'Level.' } } },
  } as const satisfies ConfigSchema;
  const config: ConfigOf<typeof plain> = parseConfig('[s]\nlevel = debug\n', 'x.ini', plain, { envPrefix: 'T', env: {} });
  const exact: Equal<typeof config.s.level, 'debug' | 'info'> = true;
  assert.ok(exact);
  assert.equal(config.s.level, 'debug');
});
