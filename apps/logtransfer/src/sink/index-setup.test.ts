import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { createLogger } from '@logpipe/runtime';
import { IndexPattern } from '../transform/index-name.js';
import { IndexSetup } from './index-setup.js';
import type { LifecycleProblem } from './lifecycle-plan.js';

/** A cluster without ILM or data streams, as the local test server; every template put is recorded. */
function fakeCluster() {
  const templates: { name: string; patterns: string[] }[] = [];
  const client = {
    transport: { request: async ({ path }: { path: string }) => ({ statusCode: path === '/_ilm/status' ? 405 : 400 }) },
    indices: {
      putIndexTemplate: async ({ name, index_patterns }: { name: string; index_patterns: string[] }) => {
        templates.push({ name, patterns: index_patterns });
        return { acknowledged: true };
      },
    },
  } as unknown as Client;
  return { client, templates };
}

const logger = createLogger({ write: () => undefined });
const patterns = (...list: string[]) => list.map((p) => new IndexPattern(p));

test('the template covers the patterns in force; a route with an uncovered pattern widens it before its batches go on', async () => {
  const { client, templates } = fakeCluster();
  const setup = new IndexSetup({
    client,
    logger,
    template: 'logpipe-logs',
    lifecycle: { ilm: 'auto', dataStreams: 'off', retentionDays: 0 },
    patterns: patterns('logs-{topic}-{yyyy.MM.dd}', 'logs-nginx-{yyyy.MM.dd}'),
    onFatal: () => assert.fail('not fatal'),
  });
  await setup.start();
  await setup.ready();
  assert.deepEqual(templates, [{ name: 'logpipe-logs', patterns: ['logs-*-*'] }]);
  setup.require(patterns('logs-{topic}-{yyyy.MM.dd}', 'logs-app-{yyyy.MM}'));
  await setup.ready();
  assert.equal(templates.length, 1, 'a covered pattern changes nothing');
  setup.require(patterns('logs-{topic}-{yyyy.MM.dd}', 'web-{topic}-{yyyy.MM.dd}'));
  await setup.ready();
  assert.deepEqual(templates[1], { name: 'logpipe-logs', patterns: ['logs-*-*', 'web-*-*'] });
  assert.deepEqual((await setup.plan).retentionByTransfer, false);
  await setup.stop();
});

test('ilm = on on a cluster without ILM is fatal before start() returns, and nothing is installed', async () => {
  const { client, templates } = fakeCluster();
  let fatal: LifecycleProblem[] | undefined;
  const setup = new IndexSetup({
    client,
    logger,
    template: 'logpipe-logs',
    lifecycle: { ilm: 'on', dataStreams: 'off', retentionDays: 0 },
    patterns: patterns('logs-{topic}-{yyyy.MM.dd}'),
    onFatal: (problems) => (fatal = problems),
  });
  await setup.start();
  assert.deepEqual(fatal?.map((p) => p.key), ['ilm']);
  await assert.rejects(setup.ready(), /\[elasticsearch\] ilm = on: this Elasticsearch has no ILM/);
  assert.deepEqual(templates, []);
  await setup.stop();
});
