import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeRegExp, noLifecycleDetail, serverUnderTest } from '../support/search-server.js';
import { transferFixture, waitForLogWhere } from './transfer-fixture.js';

test('ilm = auto and ilm = off both run on a cluster without ILM; the template composes <template>@custom, which survives every start', async (t) => {
  const f = await transferFixture('tr-lifecycle', 2);
  // A template and pattern of this test's own, so its @custom component touches no other test.
  const prefix = `lc-${f.names.id}`;
  f.deleteAtCleanup(`${prefix}-*`);
  t.after(async () => {
    await f.es.indices.deleteIndexTemplate({ name: prefix }).catch(() => undefined);
    await f.es.cluster.deleteComponentTemplate({ name: `${prefix}@custom` }).catch(() => undefined);
    await f.cleanup();
  });
  // What a user adds: a mapping the transfer does not make, and a setting it does not set.
  await f.es.cluster.putComponentTemplate({
    name: `${prefix}@custom`,
    template: { settings: { 'index.max_result_window': 20_000 }, mappings: { properties: { ticket: { type: 'keyword' } } } },
  });
  const options = (ilm: string) => ({ index: `${prefix}-{topic}-{yyyy.MM.dd}`, ini: { elasticsearch: [`template = ${prefix}`, `ilm = ${ilm}`] } });

  const auto = await f.transfer(options('auto'));
  auto.start();
  const decided = (await waitForLogWhere(auto, 'index lifecycle decided', () => true)) as { reasons: string[] };
  const server = await serverUnderTest();
  assert.equal(decided.reasons.length, 2, decided.reasons.join('; '));
  assert.match(decided.reasons[0]!, new RegExp(`^ILM: auto, not used \\(${noLifecycleDetail(server).source}\\)$`));
  assert.equal(decided.reasons[1], 'data streams: off');
  const first = f.agentEvents(200);
  await f.produce(first.values);
  await f.waitForCommitted(200);
  assert.equal(await auto.stop(), 0, auto.output);

  const off = await f.transfer(options('off'));
  off.start();
  assert.deepEqual((await waitForLogWhere(off, 'index lifecycle decided', () => true)).reasons, ['ILM: off', 'data streams: off']);
  const second = f.agentEvents(100, { inode: 2 });
  await f.produce(second.values);
  await f.waitForCommitted(300);
  assert.equal(await off.stop(), 0, off.output);

  assert.deepEqual((await f.documents(`${prefix}-*`)).map((d) => d.id), [...first.ids, ...second.ids].sort());
  const [stored] = (await f.es.indices.getIndexTemplate({ name: prefix })).index_templates;
  assert.deepEqual(
    { patterns: stored?.index_template.index_patterns, composedOf: stored?.index_template.composed_of, ignoreMissing: stored?.index_template.ignore_missing_component_templates },
    // OpenSearch has no ignore_missing_component_templates: the transfer created an empty @custom instead.
    { patterns: [`${prefix}-*-*`], composedOf: [`${prefix}@custom`], ignoreMissing: server.flavour === 'opensearch' ? undefined : [`${prefix}@custom`] },
  );
  const index = `${prefix}-${f.names.topic}-2026.01.15`;
  const settings = (await f.es.indices.getSettings({ index, flat_settings: true }))[index]!.settings as Record<string, string>;
  assert.equal(settings['index.max_result_window'], '20000', 'the @custom setting applies');
  assert.equal(settings['index.lifecycle.name'], undefined, 'no ILM policy named');
  const mapping = (await f.es.indices.getMapping({ index }))[index]!.mappings.properties!;
  assert.deepEqual([mapping.ticket, mapping.message], [{ type: 'keyword' }, { type: 'text' }], 'the @custom mapping next to the transfer\'s own');
  assert.equal((await f.es.cluster.getComponentTemplate({ name: `${prefix}@custom` })).component_templates.length, 1, 'the transfer left @custom alone');
});

test('ilm = on and data_streams = on on a cluster without them stop the transfer at startup, exit 2, naming the key; nothing is consumed', async (t) => {
  const f = await transferFixture('tr-lifecycle-on', 1);
  t.after(() => f.cleanup());
  await f.produce(f.agentEvents(10).values);
  const server = await serverUnderTest();
  const cases: { ini: string[]; index?: string; message: RegExp }[] = [
    {
      ini: ['ilm = on'],
      message: new RegExp(`\\[elasticsearch\\] ilm = "on": ${noLifecycleDetail(server).source}; set ilm = auto to use ILM only where the cluster has it, or off`),
    },
    // OpenSearch has data streams in its core, the minimal Elasticsearch has none.
    ...(server.flavour === 'elasticsearch'
      ? [
          {
            index: 'logs-{topic}-default',
            ini: ['data_streams = on'],
            message: new RegExp(escapeRegExp(`[elasticsearch] data_streams = "on": this ${server.name} has no data streams: GET /_data_stream answered 400; set data_streams = off to write daily indices`)),
          },
        ]
      : []),
    {
      // Checked before Elasticsearch is even asked: a data stream's name must not hold a date.
      ini: ['data_streams = on'],
      message: new RegExp(
        escapeRegExp('[elasticsearch] index = "logs-{topic}-{yyyy.MM.dd}": index pattern "logs-{topic}-{yyyy.MM.dd}" has a date, but with data_streams = on it names a data stream, which rolls over by itself; leave the date out, e.g. logs-{topic}-default'),
      ),
    },
  ];
  for (const { ini, index, message } of cases) {
    const transfer = await f.transfer({ ...(index ? { index } : {}), ini: { elasticsearch: ini } });
    transfer.start();
    assert.equal(await transfer.waitForExit(15_000), 2, transfer.output);
    assert.match(transfer.output, new RegExp(`logtransfer: invalid configuration \\(1 problem\\):\\n  ${escapeRegExp(transfer.configPath)}: ${message.source}\\n`));
  }
  assert.equal(await f.committedTotal(), 0);
  assert.equal(await f.count(), 0);
});
