import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeRegExp as escape, refusalSuite, refusedThenFixed } from './refusal-phases.js';
import { WRITER_ROLE } from './secure-search.js';

/**
 * The transfer authenticated by an API key that the test makes with the writer's privileges: an
 * invalidated key is refused (401) naming the server, the key's id (never the key) and
 * [elasticsearch] api_key, commits nothing; with a valid key every event is indexed exactly once.
 */
const keys: string[] = [];
const suite = refusalSuite(() => keys.flatMap((encoded) => [encoded, Buffer.from(encoded, 'base64').toString('utf8').split(':')[1]!]));

test('an API key with the writer privileges indexes exactly N; an invalidated one exits 2 naming its id and [elasticsearch] api_key, and commits nothing', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-apikey');
  const valid = await es.createApiKey(`${fx.names.id}-valid`, { logtransfer_writer: WRITER_ROLE });
  const revoked = await es.createApiKey(`${fx.names.id}-revoked`, { logtransfer_writer: WRITER_ROLE });
  keys.push(valid.encoded, revoked.encoded);
  const invalidated = await es.admin.security.invalidateApiKey({ ids: [revoked.id] });
  assert.deepEqual(invalidated.invalidated_api_keys, [revoked.id]);

  const good = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini({ apiKey: valid.encoded }) } };
  const bad = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini({ apiKey: revoked.encoded }) } };
  const expected = new RegExp(`\\[elasticsearch\\] api_key = "<hidden>": Elasticsearch at ${escape(es.url)} refused API key id "${escape(revoked.id)}" \\(401: [^)]*\\): it is wrong, expired or invalidated; set \\[elasticsearch\\] api_key`);
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: true }, good, 300)));
});
