import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexPattern } from '../transform/index-name.js';
import { compileRouteJson, type CompiledRoute } from './compile-route.js';
import { EtcdRouteSet } from './etcd-route-set.js';
import { compileIniRoutes } from './ini-routes.js';
import { RouteTable } from './route-table.js';

const TS = '2026-11-24T21:00:00.000Z';
const route = (json: string): CompiledRoute => {
  const result = compileRouteJson(json, { dataStreams: false });
  assert.ok(result.ok, JSON.stringify(result));
  return result.route;
};

test('each field comes from the etcd route, else the INI route, else the event (format) or [elasticsearch] index', () => {
  const { routes: ini, problems } = compileIniRoutes(
    { nginx_log: 'index=web-{topic}-{yyyy.MM}, format=nginx', app_log: 'format=json' },
    'logtransfer.ini',
    { dataStreams: false },
  );
  assert.deepEqual(problems, []);
  const table = new RouteTable(new IndexPattern('logs-{topic}-{yyyy.MM.dd}'), ini);
  const resolve = (topic: string) => {
    const r = table.forTopic(topic);
    return { index: r.indexName(TS), format: r.format };
  };
  assert.deepEqual(resolve('nginx_log'), { index: 'web-nginx_log-2026.11', format: 'nginx' });
  assert.deepEqual(resolve('app_log'), { index: 'logs-app_log-2026.11.24', format: 'json' });
  assert.deepEqual(resolve('Other_Log'), { index: 'logs-other_log-2026.11.24', format: undefined });

  let changes = 0;
  table.onChange(() => changes++);
  table.replaceEtcdRoutes(new Map([['nginx_log', route('{"format":"plain"}')], ['app_log', route('{"index":"apps-{yyyy.MM.dd}"}')]]));
  assert.equal(changes, 1);
  assert.deepEqual(resolve('nginx_log'), { index: 'web-nginx_log-2026.11', format: 'plain' }, 'the etcd format, the INI index');
  assert.deepEqual(resolve('app_log'), { index: 'apps-2026.11.24', format: 'json' }, 'the etcd index, the INI format');
  assert.deepEqual(table.indexPatterns().map((p) => p.pattern), ['logs-{topic}-{yyyy.MM.dd}', 'web-{topic}-{yyyy.MM}', 'apps-{yyyy.MM.dd}']);
  table.replaceEtcdRoutes(new Map());
  assert.deepEqual(resolve('nginx_log'), { index: 'web-nginx_log-2026.11', format: 'nginx' }, 'back to the INI route');
});

test('INI routes: every bad value is a config problem naming the topic', () => {
  const { problems } = compileIniRoutes({ a: 'index=A-{topic}', b: 'format=ngnix', c: 'index=x-{yyyy.MM.dd}' }, 'f.ini', { dataStreams: true });
  assert.deepEqual(
    problems.map((p) => `${p.section} ${p.key}: ${p.message}`),
    [
      'routes a: "index": index pattern "A-{topic}": has capital letters, which Elasticsearch does not allow in index names; write it in lower case',
      'routes b: "format" "ngnix" has no parser; use one of plain, text, json, nginx, apache, syslog, regex',
      'routes c: "index": index pattern "x-{yyyy.MM.dd}" has a date, but with data_streams = on it names a data stream, which rolls over by itself; leave the date out, e.g. logs-{topic}-default',
    ],
  );
});

test('etcd: a bad value keeps the last valid route of its key, and is reported once per revision', () => {
  const set = new EtcdRouteSet('/lt', { dataStreams: false });
  assert.equal(set.put({ key: '/lt/routes/app_log', value: '{"format":"json"}', revision: '1' }), undefined);
  const rejected = set.put({ key: '/lt/routes/app_log', value: '{"format":"jsn"}', revision: '2' });
  assert.deepEqual(rejected, { key: '/lt/routes/app_log', errors: ['"format" "jsn" has no parser; use one of plain, text, json, nginx, apache, syslog, regex'] });
  assert.equal(set.snapshot().get('app_log')?.format, 'json', 'the last valid route stays');
  // A resync lists the same bad revision again: not a second error.
  assert.deepEqual(set.replaceAll([{ key: '/lt/routes/app_log', value: '{"format":"jsn"}', revision: '2' }]), []);
  assert.equal(set.snapshot().get('app_log')?.format, 'json');
  assert.deepEqual(set.put({ key: '/lt/routes/a/b', value: '{}', revision: '3' })?.errors, [
    'is not a route key: routes are /lt/routes/<topic>, with a Kafka topic name (letters, digits, ".", "_", "-")',
  ]);
  set.delete('/lt/routes/app_log');
  assert.equal(set.snapshot().size, 0);
  set.put({ key: '/lt/routes/x', value: '{"index":"x-{yyyy}"}', revision: '4' });
  assert.deepEqual([...set.replaceAll([]).keys()], []);
  assert.equal(set.snapshot().size, 0, 'a listing without the key removes its route');
});
