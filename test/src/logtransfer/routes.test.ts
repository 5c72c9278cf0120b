import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { metricValue, metricsUrl } from '../support/metrics.js';
import { serverUnderTest } from '../support/search-server.js';
import { transferFixture, waitForLogWhere } from './transfer-fixture.js';

/** nginx "combined" lines; the first `inTen` clients are in 10.0.0.0/8, the rest in 192.0.2.0/24. */
function accessLines(count: number, inTen: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const client = i < inTen ? `10.1.${i % 200}.${i % 250}` : `192.0.2.${i % 250}`;
    return `${client} - - [24/Nov/2026:21:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /api/orders/${i} HTTP/1.1" ${i % 7 === 0 ? 500 : 200} ${100 + i} "-" "curl/8.5.0"`;
  });
}

test('INI routes: a topic goes to its own index through the route\'s parser, raw lines of other producers too; the template types source.ip and structured data', async (t) => {
  const f = await transferFixture('tr-routes-ini', 2);
  t.after(() => f.cleanup());
  const web = f.names.topic;
  const sys = await f.createTopic('_sys', 1);
  f.deleteAtCleanup(`logs-${sys}-*`);
  // The agent sent the access log as `plain`, and raw lines come from another producer: the
  // route's format parses both.
  const access = f.agentEvents(300, { lines: accessLines(300, 120), format: 'plain' });
  const raw = accessLines(10, 10).map((line) => line.replace('/api/orders/', '/raw/'));
  const syslog = f.agentEvents(40, {
    inode: 2,
    lines: Array.from({ length: 40 }, (_, i) => `<165>1 2026-11-24T21:00:${String(i).padStart(2, '0')}.003Z host-${i} app - ID47 [my.app@32473 iut="3" seq="${i}"][origin ip="192.0.2.1"] event ${i}`),
  });
  await f.produce([...access.values, ...raw]);
  await f.produceTo(sys, 1, syslog.values);

  const transfer = await f.transfer({
    topics: `${web}, ${sys}`,
    ini: { routes: [`${web} = index=logs-${web}-web-{yyyy.MM.dd}, format=nginx`, `${sys} = format=syslog`] },
  });
  transfer.start();
  await f.waitForCommittedOn(web, 310);
  await f.waitForCommittedOn(sys, 40);

  const webIndex = `logs-${web}-web-2026.11.24`;
  assert.equal(await f.countIn(`logs-${web}-web-*`), 310);
  assert.equal(await f.countIn(`logs-${web}-2*`), 0, 'nothing of the routed topic went to the default index');
  const webDocs = await f.documents<{ http?: { response: { status_code: number } }; url: { path: string }; event: { id: string } }>(`logs-${web}-web-*`);
  assert.deepEqual(webDocs.map((d) => d.id).filter((id) => access.ids.includes(id)).length, 300);
  assert.equal(webDocs.filter((d) => typeof d.source.http?.response.status_code === 'number').length, 310, 'every line went through the nginx parser');
  assert.equal(webDocs.filter((d) => d.source.url.path.startsWith('/raw/') && d.id.startsWith(`${web}-`)).length, 10, 'raw lines: parsed, under topic-partition-offset ids');

  // The default index pattern for the route-less syslog topic, parsed by the route's format.
  assert.equal(await f.countIn(`logs-${sys}-*`), 40);

  // The template: source.ip is an ip (CIDR queries work), structured data is one flattened field
  // (its SD-IDs hold dots, which would otherwise become nested objects).
  const mapping = await f.es.indices.getMapping({ index: `${webIndex},logs-${sys}-*` });
  const fields = Object.entries(mapping).map(([name, m]) => {
    const properties = m.mappings.properties as Record<string, { properties: Record<string, { type?: string; properties?: Record<string, { type?: string }> }> }>;
    return name.includes('-web-') ? properties.source!.properties.ip!.type : properties.log!.properties.syslog!.properties!.structured_data!.type;
  });
  // OpenSearch's name for Elasticsearch's flattened type.
  assert.deepEqual(fields.sort(), [(await serverUnderTest()).flavour === 'opensearch' ? 'flat_object' : 'flattened', 'ip']);
  const inTen = await f.es.count({ index: webIndex, query: { term: { 'source.ip': '10.0.0.0/8' } } });
  assert.equal(inTen.count, 120 + 10);
  const structured = await f.es.count({ index: `logs-${sys}-*`, query: { term: { 'log.syslog.structured_data.my.app@32473.seq': '7' } } });
  assert.equal(structured.count, 1);
  assert.equal(await transfer.stop(), 0, transfer.output);
});

test('etcd routes win over INI routes and apply live; a bad value is logged, counted, and the last valid route stays', async (t) => {
  const f = await transferFixture('tr-routes-etcd', 2);
  t.after(() => f.cleanup());
  const topic = f.names.topic;
  const key = `${f.names.etcdPrefix}/routes/${topic}`;
  const etcd = f.etcd();
  const put = (route: unknown) => etcd.put(key).value(typeof route === 'string' ? route : JSON.stringify(route));
  const json = (from: number, count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ level: 'warn', msg: `event ${from + i}` }));
  let next = 0;
  const batch = (count: number) => {
    const events = f.agentEvents(count, { inode: 10 + next, lines: json(next, count) });
    next += count;
    return events;
  };
  await put({ index: `logs-${topic}-etcd1-{yyyy.MM.dd}`, format: 'json' });

  const transfer = await f.transfer({ ini: { routes: [`${topic} = index=logs-${topic}-ini-{yyyy.MM.dd}`], etcd: [] } });
  transfer.start();
  const url = await metricsUrl(transfer);
  const routesInForce = (expected: unknown) => waitForLogWhere(transfer, 'etcd routes in force', (l) => isDeepStrictEqual(l.routes, expected));
  await routesInForce({ [topic]: { index: `logs-${topic}-etcd1-{yyyy.MM.dd}`, format: 'json' } });

  let committed = 0;
  const send = async (count: number) => {
    const events = batch(count);
    await f.produce(events.values);
    committed += count;
    await f.waitForCommitted(committed);
    return events;
  };
  const first = await send(100);
  const parsed = await f.documents<{ message: string; log: { level?: string } }>(`logs-${topic}-etcd1-*`);
  assert.equal(parsed.length, 100);
  assert.deepEqual(parsed.find((d) => d.id === first.ids[7])?.source.message, 'event 7', 'the etcd route\'s json parser ran');
  assert.equal(parsed.filter((d) => d.source.log.level === 'warn').length, 100);

  // A typo: rejected, logged with the key and every problem, counted; the route stays.
  await put('{"index":"logs-Bad","format":"jsn"}');
  const rejected = await waitForLogWhere(transfer, `rejected etcd value of ${key}; keeping its last valid route`, () => true);
  assert.deepEqual(rejected.errors, [
    '"index": index pattern "logs-Bad": has capital letters, which Elasticsearch does not allow in index names; write it in lower case',
    '"format" "jsn" has no parser; use one of plain, text, json, nginx, apache, syslog, regex',
  ]);
  assert.equal(await metricValue(url, 'logtransfer_config_errors_total'), 1);
  await send(50);
  assert.equal(await f.countIn(`logs-${topic}-etcd1-*`), 150);

  // A new index and no format: the INI route sets none either, so each event's own format (plain).
  await put({ index: `logs-${topic}-etcd2-{yyyy.MM.dd}` });
  await routesInForce({ [topic]: { index: `logs-${topic}-etcd2-{yyyy.MM.dd}` } });
  await send(70);
  const unparsed = await f.documents<{ message: string; log: { level?: string } }>(`logs-${topic}-etcd2-*`);
  assert.equal(unparsed.length, 70);
  assert.equal(unparsed.filter((d) => d.source.log.level === undefined && d.source.message.startsWith('{"level":"warn"')).length, 70);

  // Deleted from etcd: the INI route again.
  await etcd.delete().key(key);
  await routesInForce({});
  await send(30);
  assert.deepEqual(
    await Promise.all(['etcd1', 'etcd2', 'ini'].map((name) => f.countIn(`logs-${topic}-${name}-*`))),
    [150, 70, 30],
  );
  assert.equal(await f.count(), 250, 'every event once, nowhere else');
  assert.deepEqual([await metricValue(url, 'logtransfer_routes', { source: 'etcd' }), await metricValue(url, 'logtransfer_routes', { source: 'ini' })], [0, 1]);
  assert.equal(await transfer.stop(), 0, transfer.output);
});
