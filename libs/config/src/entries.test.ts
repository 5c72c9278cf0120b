import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse-config.js';
import { defineSchema } from './schema.js';
import { renderSchemaDocs } from './schema-docs.js';

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const schema = defineSchema({
  kafka: {
    description: 'Kafka.',
    keys: { topics: { type: 'list', default: ['a'], description: 'Topics.' } },
  },
  routes: {
    description: 'One key per topic.',
    optional: true,
    keys: {},
    entries: {
      name: 'topic',
      keyPattern: /[A-Za-z0-9._-]+/,
      keyHint: 'a Kafka topic name (letters, digits, ".", "_", "-")',
      value: { type: 'string', pattern: /\S.*/, patternHint: 'not empty', description: 'Where the topic goes.', example: 'index=logs-x' },
    },
  },
});

const parse = (text: string, env: Record<string, string> = {}) => parseConfig(text, 'f.ini', schema, { envPrefix: 'APP', env });

test('a section of user-named keys parses into a record of the keys written', () => {
  const config = parse('[routes]\nnginx_log = index=logs-nginx, format=nginx\napp.log = format=json\n');
  const typed: true = true as Equal<typeof config.routes, Record<string, string> | undefined>;
  assert.equal(typed, true);
  assert.deepEqual(config.routes, { nginx_log: 'index=logs-nginx, format=nginx', 'app.log': 'format=json' });
  assert.equal(parse('[kafka]\n').routes, undefined, 'an optional entries section left out is undefined');
  assert.deepEqual(parse('[routes]\n').routes, {});
});

test('bad entry names and values are reported with the rest, each naming its key', () => {
  let error: unknown;
  try {
    parse('[routes]\nbad/topic = index=x\nok = \n[kafka]\ntopic = x\n');
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof ConfigError);
  assert.deepEqual(
    error.problems.map((p) => `${p.section} ${p.key}: ${p.message}`),
    [
      'routes bad/topic: is not a valid topic: must be a Kafka topic name (letters, digits, ".", "_", "-")',
      'kafka topic: unknown key; did you mean `topics`?',
      'routes ok: is empty: must be not empty; remove the line to leave it unset',
    ],
  );
});

test('entries have no environment variables: one is an unknown variable', () => {
  assert.throws(() => parse('', { APP_ROUTES_NGINX_LOG: 'index=x' }), /env APP_ROUTES_NGINX_LOG = "index=x": matches no config key/);
});

test('docs show one row for the user-named keys', () => {
  const docs = renderSchemaDocs(schema, { envPrefix: 'APP' });
  assert.ok(
    docs.includes(
      [
        '## [routes]',
        '',
        'One key per topic.',
        '',
        'This section is optional: it may be left out.',
        '',
        'Each key is a topic of your choice (a Kafka topic name (letters, digits, ".", "_", "-")); these keys cannot be set from the environment.',
        '',
        '| Key | Type | Description | Example |',
        '| --- | --- | --- | --- |',
        '| `<topic>` | string: not empty | Where the topic goes. | `index=logs-x` |',
        '',
      ].join('\n'),
    ),
    docs,
  );
});

test('a schema mixing entries with keys, or giving entries a default, is a schema bug', () => {
  const broken = {
    r: { description: 'x', keys: { k: { type: 'string', description: 'x' } }, entries: { name: 'n', value: { type: 'string', default: 'd', description: 'x' } } },
  } as const;
  assert.throws(() => parseConfig('', 'f.ini', broken, { envPrefix: 'APP', env: {} }), /\[r\] has entries, so it cannot declare keys too\n {2}\[r\] <n>: an entry value cannot be required or have a default/);
});
