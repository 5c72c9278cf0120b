import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { SearchAccessError } from './access-failure.js';
import { detectSearchServer, untestedMajor, UnsupportedServerError } from './search-server.js';

type Answer = { statusCode: number; headers?: Record<string, string>; body?: unknown };

/** A client whose transport answers by path, recording what was asked. */
function serverAnswering(answers: Record<string, Answer>) {
  const asked: string[] = [];
  const client = {
    transport: {
      request: async ({ method, path }: { method: string; path: string }) => {
        asked.push(`${method} ${path}`);
        const answer = answers[path] ?? { statusCode: 404 };
        return { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: answer.body ?? {} };
      },
    },
  } as unknown as Client;
  return { client, asked };
}

const ES = { 'x-elastic-product': 'Elasticsearch' };

test('Elasticsearch by its header, even on a 405; the version from the node info when GET / has none', async () => {
  const { client } = serverAnswering({ '/': { statusCode: 405, headers: ES }, '/_nodes/_local?filter_path=nodes.*.version': { statusCode: 200, headers: ES, body: { nodes: { n1: { version: '8.19.21' } } } } });
  assert.deepEqual(await detectSearchServer(client), { flavour: 'elasticsearch', version: '8.19.21', detail: 'GET / answered 405 with X-Elastic-Product: Elasticsearch' });
});

test('OpenSearch by version.distribution, with its version', async () => {
  const { client } = serverAnswering({ '/': { statusCode: 200, body: { version: { distribution: 'opensearch', number: '2.19.6' } } } });
  const server = await detectSearchServer(client);
  assert.equal(server.flavour, 'opensearch');
  assert.equal(server.version, '2.19.6');
});

test('a user who may only write: the empty bulk request tells, and writes nothing', async () => {
  const { client, asked } = serverAnswering({ '/': { statusCode: 403 }, '/_bulk': { statusCode: 400, headers: ES } });
  const server = await detectSearchServer(client);
  assert.equal(server.flavour, 'elasticsearch');
  assert.equal(server.version, undefined);
  assert.ok(asked.includes('POST /_bulk'));
});

test('neither: an error that names what answered and the key to set', async () => {
  const { client } = serverAnswering({ '/': { statusCode: 302 }, '/_bulk': { statusCode: 405 } });
  await assert.rejects(detectSearchServer(client), (err: Error) => err instanceof UnsupportedServerError && /GET \/ answered 302/.test(err.message) && /\[elasticsearch\] flavour/.test(err.message));
});

test('401 is a credentials error; an old major is refused; a newer one is only flagged', async () => {
  const refused = { statusCode: 401, body: { error: { reason: 'unable to authenticate user [logtransfer] for REST request [/]' } } };
  await assert.rejects(detectSearchServer(serverAnswering({ '/': refused }).client), (err: Error) => err instanceof SearchAccessError && err.statusCode === 401 && /unable to authenticate user \[logtransfer\]/.test(err.reason));
  await assert.rejects(detectSearchServer(serverAnswering({ '/': { statusCode: 200, headers: ES, body: { version: { number: '7.17.0' } } } }).client), /Elasticsearch 7\.17\.0 is older than logpipe supports/);
  const newer = await detectSearchServer(serverAnswering({ '/': { statusCode: 200, body: { version: { distribution: 'opensearch', number: '4.0.0' } } } }).client);
  assert.equal(untestedMajor(newer), true);
});

test('a forced flavour is taken as said, with the version where the server gives it', async () => {
  const { client } = serverAnswering({ '/': { statusCode: 200, body: { version: { number: '3.8.0' } } } });
  assert.deepEqual(await detectSearchServer(client, 'opensearch'), { flavour: 'opensearch', version: '3.8.0', detail: 'set by [elasticsearch] flavour' });
});
