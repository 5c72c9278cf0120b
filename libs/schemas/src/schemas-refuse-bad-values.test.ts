import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, type ConfigSchema, type KeySpec } from '@logpipe/config';
import { agentSchema } from './agent-schema.js';
import { transferSchema } from './transfer-schema.js';

/**
 * Values no key of its type may take: written empty, the wrong shape, out of range. Derived from
 * each key's spec, so a key added later is swept too.
 */
function badValues(spec: KeySpec): string[] {
  const bad = spec.allowEmpty || (spec.type === 'list' && spec.default?.length === 0) ? [] : [''];
  switch (spec.type) {
    case 'integer':
      bad.push('x', '1.5');
      if (spec.min !== undefined) bad.push(String(spec.min - 1));
      if (spec.max !== undefined) bad.push(String(spec.max + 1));
      break;
    case 'duration':
      bad.push('5', 'soon', '30d');
      break;
    case 'bytes':
      bad.push('lots', '-1');
      break;
    case 'boolean':
      bad.push('maybe');
      break;
    case 'enum':
      bad.push('no-such-value');
      break;
    case 'address':
      bad.push('127.0.0.1', '127.0.0.1:65536', 'http://127.0.0.1:9600');
      break;
    case 'list':
      if (spec.items?.kind === 'host-port') bad.push('kafka', 'kafka:0', 'kafka:65536', 'http://kafka:9092');
      if (spec.items?.kind === 'url') bad.push('not-a-url', 'localhost:9200', 'ftp://h:21', 'http://h:0', 'https://user:pw@h:9200');
      if (spec.pattern) bad.push('has space, relative/path');
      break;
    case 'string':
      if (spec.pattern) bad.push('has space/and/slash');
      break;
  }
  return bad;
}

/** The least each schema needs to be valid, so that only the key under test is wrong. */
const BASE: Record<string, string> = { logtransfer: '[kafka]\ntopics = app_log\n' };

for (const [app, schema] of [['logagent', agentSchema], ['logtransfer', transferSchema]] as [string, ConfigSchema][]) {
  test(`${app}: every key refuses the values its type cannot take, naming section, key and value`, () => {
    let checked = 0;
    for (const [section, sectionSpec] of Object.entries(schema)) {
      for (const [key, spec] of Object.entries(sectionSpec.keys)) {
        for (const value of badValues(spec)) {
          const text = `${BASE[app] ?? ''}[${section}]\n${key} = ${value}\n`;
          let error: unknown;
          try {
            parseConfig(text, `${app}.ini`, schema, { envPrefix: app.toUpperCase(), env: {} });
          } catch (err) {
            error = err;
          }
          assert.ok(error instanceof ConfigError, `[${section}] ${key} = ${JSON.stringify(value)} was accepted`);
          const problem = error.problems.find((p) => p.section === section && p.key === key);
          assert.ok(problem, `[${section}] ${key} = ${JSON.stringify(value)}: no problem names the key: ${error.message}`);
          assert.equal(problem.source, `${app}.ini`);
          if (!(spec.type === 'string' && spec.secret)) assert.equal(problem.value, value);
          assert.match(problem.message, /must|is empty|required/, `[${section}] ${key}: the message does not say what is valid: ${problem.message}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 50, `only ${checked} bad values were tried`);
  });
}

test('the values the issue found accepted are refused: an empty broker list and a node that is no URL', () => {
  assert.throws(
    () => parseConfig('[kafka]\nbrokers =\n', 'logagent.ini', agentSchema, { envPrefix: 'LOGAGENT', env: {} }),
    (err: unknown) => err instanceof ConfigError && /logagent\.ini: \[kafka\] brokers = "": is empty: .*remove the line to use the default \(127\.0\.0\.1:9092\)/.test(err.message),
  );
  assert.throws(
    () => parseConfig('[kafka]\ntopics = a\n[elasticsearch]\nnodes = not-a-url\n', 'logtransfer.ini', transferSchema, { envPrefix: 'LOGTRANSFER', env: {} }),
    (err: unknown) => err instanceof ConfigError && /\[elasticsearch\] nodes = "not-a-url": must be a list of http:\/\/ or https:\/\/ URLs.*"not-a-url" \(not a URL\)/.test(err.message),
  );
});

test('keys that only work together are checked together', () => {
  const problems = (schema: ConfigSchema, prefix: string, text: string) => {
    try {
      parseConfig(text, 'x.ini', schema, { envPrefix: prefix, env: {} });
      return [];
    } catch (err) {
      return (err as ConfigError).problems.map((p) => `[${p.section}] ${p.key}: ${p.message}`);
    }
  };
  assert.deepEqual(problems(agentSchema, 'LOGAGENT', '[kafka]\nsasl_mechanism = scram-sha-512\nsasl_username = agent\n[etcd]\nendpoints = http://e:2379\nca_file = /etc/hostname\n'), [
    '[etcd] endpoints: are http://, so ca_file would be ignored; use https:// URLs for TLS, or remove ca_file',
    '[kafka] sasl_password: is required with sasl_mechanism = scram-sha-512',
  ]);
  assert.deepEqual(problems(agentSchema, 'LOGAGENT', '[kafka]\nsasl_username = agent\ntls_cert_file = /etc/hostname\n'), [
    '[kafka] sasl_username: would be ignored: sasl_mechanism is none; set it to plain, scram-sha-256 or scram-sha-512',
    '[kafka] tls_cert_file: would be ignored: tls is false; set tls = true',
    '[kafka] tls_key_file: must be set too, since tls_cert_file is: a client certificate is sent with its private key',
  ]);
  assert.deepEqual(problems(transferSchema, 'LOGTRANSFER', '[kafka]\ntopics = a\n[elasticsearch]\nnodes = https://a:9200, http://b:9200\nusername = u\napi_key = k\n'), [
    '[elasticsearch] password: must be set too, since username is: basic auth sends a user with a password',
    '[elasticsearch] api_key: and username are both set; authenticate with one: an API key, or a user and password',
    '[elasticsearch] nodes: mix http:// and https://; use https:// for every node, or http:// for every one',
  ]);
});
