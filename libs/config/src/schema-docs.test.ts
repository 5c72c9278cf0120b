import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineSchema } from './schema.js';
import { renderSchemaDocs } from './schema-docs.js';

const schema = defineSchema({
  kafka: {
    description: 'The Kafka cluster events go to.',
    keys: {
      brokers: { type: 'list', required: true, description: 'Bootstrap brokers, host:port | comma separated.', example: '127.0.0.1:9092' },
      acks: { type: 'enum', values: ['all', '1', '0'], aliases: { '-1': 'all' }, default: 'all', description: 'Acknowledgements.' },
      flush_bytes: { type: 'bytes', default: '1MiB', min: '1KiB', description: 'Batch size.' },
      topic: { type: 'string', pattern: /[a-z.]+/, description: 'Topic.' },
    },
  },
  'kafka.tls': {
    description: 'TLS towards Kafka.',
    optional: true,
    keys: {
      verify: { type: 'boolean', default: true, description: 'Verify the broker certificate.' },
      retries: { type: 'integer', min: 0, max: 10, default: 3, description: 'Handshake retries.' },
    },
  },
});

test('docs have a table per section with type, default, env variable, description and example', () => {
  assert.equal(
    renderSchemaDocs(schema, { envPrefix: 'LOGAGENT' }),
    [
      '## [kafka]',
      '',
      'The Kafka cluster events go to.',
      '',
      '| Key | Type | Default | Environment variable | Description | Example |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `brokers` | list | **required** | `LOGAGENT_KAFKA_BROKERS` | Bootstrap brokers, host:port \\| comma separated. | `127.0.0.1:9092` |',
      '| `acks` | one of `all`, `1`, `0` (`-1` means `all`) | `all` | `LOGAGENT_KAFKA_ACKS` | Acknowledgements. |  |',
      '| `flush_bytes` | bytes, at least 1KiB | `1MiB` | `LOGAGENT_KAFKA_FLUSH_BYTES` | Batch size. |  |',
      '| `topic` | string matching `/[a-z.]+/` | (not set) | `LOGAGENT_KAFKA_TOPIC` | Topic. |  |',
      '',
      '## [kafka.tls]',
      '',
      'TLS towards Kafka.',
      '',
      'This section is optional: it may be left out.',
      '',
      '| Key | Type | Default | Environment variable | Description | Example |',
      '| --- | --- | --- | --- | --- | --- |',
      '| `verify` | boolean | `true` | `LOGAGENT_KAFKA_TLS_VERIFY` | Verify the broker certificate. |  |',
      '| `retries` | integer, 0 to 10 | `3` | `LOGAGENT_KAFKA_TLS_RETRIES` | Handshake retries. |  |',
      '',
      '## Environment variables',
      '',
      'Every key can be set with the variable in its row, which wins over the file. Any other variable starting with `LOGAGENT_` is rejected as a likely typo.',
      '',
      '## Value formats',
      '',
      '- **boolean**: true or false; yes/no, on/off and 1/0 work too.',
      '- **bytes**: a number of bytes, optionally followed by a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 512, 64KiB, 10MB, 1GiB.',
      '- **list**: items separated by commas, or one `key[] = item` line per item; spaces around items and empty items are dropped.',
      '- **empty values**: a key written as `key =` (or a variable set to "") is an error, unless its description says what empty means; remove the line to get the default.',
      '',
    ].join('\n'),
  );
});

test('the heading level can be set to fit into a larger document', () => {
  const docs = renderSchemaDocs(schema, { envPrefix: 'LOGAGENT', headingLevel: 3 });
  assert.deepEqual(
    docs.split('\n').filter((line) => line.startsWith('#')),
    ['### [kafka]', '### [kafka.tls]', '### Environment variables', '### Value formats'],
  );
});

test('docs refuse a broken schema, like the parser does', () => {
  assert.throws(
    () => renderSchemaDocs({ s: { description: 'x', keys: { k: { type: 'duration', default: '5', description: 'x' } } } }, { envPrefix: 'P' }),
    /\[s\] k: default "5" must be a duration/,
  );
});
