import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@logpipe/runtime';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { noLifecycleDetail, serverUnderTest } from '../support/search-server.js';
import { transferFixture, waitForLogWhere } from './transfer-fixture.js';

/** `yyyy.MM.dd` of today (UTC) plus `days`. */
const day = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '.');

test('retention without ILM: at start, exactly the indices of the pattern dated more than retention_days ago are deleted', async (t) => {
  const f = await transferFixture('tr-retention', 1);
  // A pattern and template of this test's own: retention must never reach other tests' indices.
  const prefix = `ret-${f.names.id}`;
  const topic = f.names.topic;
  f.deleteAtCleanup(`${prefix}-*`);
  t.after(async () => {
    await f.es.indices.deleteIndexTemplate({ name: prefix }).catch(() => undefined);
    await f.cleanup();
  });
  const expired = [`${prefix}-${topic}-${day(-40)}`, `${prefix}-another_topic-${day(-8)}`];
  const kept = [
    `${prefix}-${topic}-${day(-6)}`,
    `${prefix}-${topic}-${day(0)}`,
    `${prefix}-${topic}-${day(-40)}-restored`, // not a name the pattern makes
    `${prefix}-notadate`,
  ];
  for (const index of [...expired, ...kept]) await f.es.indices.create({ index });

  const transfer = await f.transfer({ index: `${prefix}-{topic}-{yyyy.MM.dd}`, ini: { elasticsearch: [`template = ${prefix}`, 'retention_days = 7'] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  const decided = (await waitForLogWhere(transfer, 'index lifecycle decided', () => true)) as { reasons: string[] };
  assert.equal(decided.reasons.length, 3, decided.reasons.join('; '));
  assert.match(decided.reasons[0]!, new RegExp(`^ILM: auto, not used \\(${noLifecycleDetail(await serverUnderTest()).source}\\)$`));
  assert.deepEqual(decided.reasons.slice(1), ['data streams: off', 'retention: 7 days, by the transfer, at start and every 24 hours']);
  await waitFor(() => transfer.logs.filter((l) => l.message === 'deleted an index past retention').length >= 2 || undefined, { what: 'two indices deleted', timeoutMs: 15_000 });
  const remaining = (await f.es.cat.indices({ index: `${prefix}-*`, h: 'index', format: 'json' })).map((r) => r.index!).sort();
  assert.deepEqual(remaining, [...kept].sort());
  assert.deepEqual(
    transfer.logs.filter((l) => l.message === 'deleted an index past retention').map((l) => l.index).sort(),
    [...expired].sort(),
  );
  assert.equal(await metricValue(url, 'logtransfer_retention_deleted_indices_total'), 2);
  assert.equal(await transfer.stop(), 0, transfer.output);
});
