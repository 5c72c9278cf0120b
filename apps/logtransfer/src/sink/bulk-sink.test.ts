import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { Registry } from '@logpipe/metrics';
import { createLogger } from '@logpipe/runtime';
import { BulkSink } from './bulk-sink.js';
import { BatchDocuments } from '../transform/batch-documents.js';
import type { PreparedDocument } from '../transform/to-document.js';
import { createTransferMetrics } from '../transfer-metrics.js';

/**
 * A fake `_bulk` endpoint: `answer` gets the ids of one request and returns each item's status,
 * or 'fail' to cut the connection (Elasticsearch unreachable), after `delayMs`. Every request's
 * ids are recorded.
 */
async function fakeElasticsearch(answer: (ids: string[], request: number) => number[] | 'fail', delayMs = 0) {
  const requests: string[][] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const lines = body.split('\n').filter(Boolean);
      const ids = lines.filter((_, i) => i % 2 === 0).map((line) => (JSON.parse(line) as { index: { _id: string } }).index._id);
      requests.push(ids);
      const statuses = answer(ids, requests.length);
      if (statuses === 'fail') {
        req.socket.destroy();
        return;
      }
      const items = ids.map((id, i) => {
        const status = statuses[i]!;
        return { index: { _index: 'logs', _id: id, status, ...(status >= 400 ? { error: { type: status === 400 ? 'document_parsing_exception' : 'unavailable', reason: `status ${status}` } } : {}) } };
      });
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        res.end(JSON.stringify({ took: 1, errors: statuses.some((s) => s >= 400), items }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new Client({ node: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, maxRetries: 0 });
  after(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { client, requests };
}

function sink(client: Client, flushBytes = 5_000_000, retries = 0) {
  const metrics = createTransferMetrics(new Registry());
  return { metrics, sink: new BulkSink({ client, logger: createLogger({ write: () => undefined }), metrics, flushBytes, concurrency: 2, retries, maxBackoffMs: 20 }) };
}

function documents(...ids: string[]): PreparedDocument[] {
  return ids.map((id, i) => ({ index: 'logs', id, body: JSON.stringify({ message: id }), source: { topic: 't', partition: 0, offset: String(i), key: null, value: Buffer.from(id) } }));
}

test('400 is dead-lettered, 429 and 5xx are retried until accepted, each document has one outcome', async () => {
  const status: Record<string, number[]> = { ok: [201], bad: [400], busy: [429, 201], down: [503, 503, 201] };
  const es = await fakeElasticsearch((ids) => ids.map((id) => status[id]!.shift()!));
  const { sink: bulk, metrics } = sink(es.client);
  const dead = await bulk.write(documents('ok', 'bad', 'busy', 'down'), new AbortController().signal);
  assert.deepEqual(es.requests, [['ok', 'bad', 'busy', 'down'], ['busy', 'down'], ['down']]);
  assert.deepEqual(dead.map((d) => ({ id: d.document.id, status: d.status, reason: JSON.parse(d.reason) as unknown })), [
    { id: 'bad', status: 400, reason: { type: 'document_parsing_exception', reason: 'status 400' } },
  ]);
  assert.equal((await metrics.documentsIndexed.get()).values[0]!.value, 3);
  assert.equal((await metrics.documentsFailed.get()).values[0]!.value, 3);
});

test('documents rejected only with 429 get `retries` quick retries before they count as failed', async () => {
  const status: Record<string, number[]> = { ok: [201], busy: [429, 429, 201] };
  const es = await fakeElasticsearch((ids) => ids.map((id) => status[id]!.shift()!));
  const { sink: bulk, metrics } = sink(es.client, 5_000_000, 1);
  assert.deepEqual(await bulk.write(documents('ok', 'busy'), new AbortController().signal), []);
  assert.deepEqual(es.requests, [['ok', 'busy'], ['busy'], ['busy']]);
  assert.equal((await metrics.documentsFailed.get()).values[0]?.value, 1, 'the quick retry is not a failure; the one after it is');
  assert.equal((await metrics.documentsIndexed.get()).values[0]!.value, 2);
});

test('after a failed request, every document without an outcome is sent again, never a dead letter', async () => {
  // One document per request (flushBytes 1), two in flight: request 2 fails as a whole.
  const es = await fakeElasticsearch((ids, request) => (request === 2 ? 'fail' : ids.map((id) => (id === 'bad' ? 400 : 201))));
  const { sink: bulk, metrics } = sink(es.client, 1);
  const dead = await bulk.write(documents('bad', 'a', 'b'), new AbortController().signal);
  assert.deepEqual(dead.map((d) => d.document.id), ['bad']);
  const resent = es.requests.slice(2).flat();
  assert.equal(resent.includes('bad'), false, `the dead letter was sent again: ${JSON.stringify(es.requests)}`);
  assert.ok(resent.includes('a') && resent.includes('b'), `documents without an outcome were not resent: ${JSON.stringify(es.requests)}`);
  assert.equal((await metrics.bulkFailures.get()).values[0]!.value, 1);
});

test('two copies of one event in a batch each get their outcome', async () => {
  const es = await fakeElasticsearch((ids) => ids.map(() => 400));
  const { sink: bulk } = sink(es.client);
  const batch = documents('same', 'same');
  const dead = await bulk.write(batch, new AbortController().signal);
  assert.deepEqual(dead.map((d) => d.document), batch);
});

test('aborting stops the retries and rejects, so the batch is not committed', async () => {
  const es = await fakeElasticsearch(() => 'fail');
  const { sink: bulk } = sink(es.client);
  const abort = new AbortController();
  const written = bulk.write(documents('a', 'b'), abort.signal);
  while (es.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
  abort.abort();
  await assert.rejects(written, /stopped with 2 documents not yet accepted/);
});

test('aborting while requests succeed still rejects: the aborted pass never sent the rest', async () => {
  // One document per request, answered slowly: the abort comes while the first is in flight.
  const es = await fakeElasticsearch((ids) => ids.map(() => 201), 100);
  const { sink: bulk } = sink(es.client, 1);
  const abort = new AbortController();
  const written = bulk.write(documents('a', 'b', 'c', 'd', 'e', 'f'), abort.signal);
  while (es.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
  abort.abort();
  await assert.rejects(written, /stopped with 6 documents not yet accepted/);
  assert.ok(es.requests.length < 6, `every document was sent after all: ${JSON.stringify(es.requests)}`);
});

/** A lazy batch over `ids`, one message each, counting the conversions. */
function lazyBatch(...ids: string[]) {
  const made = documents(...ids);
  const conversions: number[] = [];
  const batch = new BatchDocuments(made.map((_, i) => i), (i, out) => {
    conversions.push(i);
    out.push({ ...made[i]! });
  });
  return { batch, conversions };
}

test('a lazy batch: each outcome as for a list; documents made once, and once more for the messages of rejected ones', async () => {
  const status: Record<string, number[]> = { ok: [201], bad: [400], busy: [429, 201], down: [503, 503, 201] };
  const es = await fakeElasticsearch((ids) => ids.map((id) => status[id]!.shift()!));
  const { sink: bulk } = sink(es.client);
  const { batch, conversions } = lazyBatch('ok', 'bad', 'busy', 'down');
  const dead = await bulk.write(batch, new AbortController().signal);
  assert.deepEqual(es.requests, [['ok', 'bad', 'busy', 'down'], ['busy', 'down'], ['down']]);
  assert.deepEqual(dead.map((d) => [d.document.id, d.status]), [['bad', 400]]);
  // Once while sending; no document is kept while its request is out, so the messages of the
  // three rejected in the first pass are made again, once: the retries re-use those.
  assert.deepEqual(conversions, [0, 1, 2, 3, 1, 2, 3]);
});

test('a lazy batch without drops is made once; after a failed request, all but the dead letters are sent again', async () => {
  const clean = await fakeElasticsearch((ids) => ids.map(() => 201));
  const once = lazyBatch('a', 'b', 'c');
  assert.deepEqual(await sink(clean.client).sink.write(once.batch, new AbortController().signal), []);
  assert.deepEqual(once.conversions, [0, 1, 2]);

  const failing = await fakeElasticsearch((ids, request) => (request === 2 ? 'fail' : ids.map((id) => (id === 'bad' ? 400 : 201))));
  const { batch } = lazyBatch('bad', 'a', 'b');
  const dead = await sink(failing.client, 1).sink.write(batch, new AbortController().signal);
  assert.deepEqual(dead.map((d) => d.document.id), ['bad']);
  const resent = failing.requests.slice(2).flat();
  assert.equal(resent.includes('bad'), false, JSON.stringify(failing.requests));
  assert.ok(resent.includes('a') && resent.includes('b'), JSON.stringify(failing.requests));
});

test('a lazy batch whose conversion throws fails the write, instead of being retried as an outage', async () => {
  const es = await fakeElasticsearch((ids) => ids.map(() => 201));
  const batch = new BatchDocuments([1, 2], (n, out) => {
    if (n === 2) throw new Error('parser bug');
    out.push(...documents('one'));
  });
  await assert.rejects(sink(es.client).sink.write(batch, new AbortController().signal), /parser bug/);
});
