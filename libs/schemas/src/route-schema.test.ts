import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasDate, parseIndexPattern, wildcardOf } from './index-pattern.js';
import { parseRouteIni, parseRouteJson, routeKey, topicOfRouteKey } from './route-schema.js';

test('index patterns split into text, topic and date parts', () => {
  const parts = parseIndexPattern('logs-{topic}-{yyyy.MM.dd}');
  assert.deepEqual(parts, [{ kind: 'text', text: 'logs-' }, { kind: 'topic' }, { kind: 'text', text: '-' }, { kind: 'date', format: 'yyyy.MM.dd' }]);
  assert.equal(hasDate(parts), true);
  assert.equal(wildcardOf(parts), 'logs-*-*');
  assert.equal(wildcardOf(parseIndexPattern('{topic}{yyyy}')), '*');
  assert.equal(hasDate(parseIndexPattern('logs-{topic}-default')), false);
});

test('index patterns Elasticsearch would refuse are refused, saying why', () => {
  const problem = (pattern: string) => {
    try {
      parseIndexPattern(pattern);
    } catch (err) {
      return (err as Error).message;
    }
    return undefined;
  };
  assert.equal(problem('logs-{topic}-{yyyy.MM.dd}'), undefined);
  assert.match(problem('Logs-{topic}')!, /has capital letters/);
  assert.match(problem('logs {topic}')!, /contains " "/);
  assert.match(problem('logs-{host}')!, /unknown placeholder \{host\}; use \{topic\} or a date like \{yyyy\.MM\.dd\}/);
  assert.match(problem('logs-{yyyy.MM.dd')!, /unmatched brace/);
  assert.match(problem('_logs-{topic}')!, /starts with "-", "_", "\+" or "\."/);
  assert.match(problem('logs-{yyyy/MM}')!, /puts "\/" into the index name/);
  assert.match(problem('')!, /is empty/);
});

test('etcd route values: both fields optional, every problem named', () => {
  assert.deepEqual(parseRouteJson('{"index":"logs-nginx-{yyyy.MM.dd}","format":"nginx"}'), { ok: true, route: { index: 'logs-nginx-{yyyy.MM.dd}', format: 'nginx' } });
  assert.deepEqual(parseRouteJson('{"format":"json"}'), { ok: true, route: { format: 'json' } });
  assert.deepEqual(parseRouteJson('{}'), { ok: true, route: {} });
  assert.deepEqual(parseRouteJson('{"index":"Logs","format":"ngnix","fromat":"x"}'), {
    ok: false,
    errors: [
      'unknown field "fromat"; a route has: index, format',
      '"index": index pattern "Logs": has capital letters, which Elasticsearch does not allow in index names; write it in lower case',
      '"format" "ngnix" has no parser; use one of plain, text, json, nginx, apache, syslog, regex',
    ],
  });
  assert.deepEqual(parseRouteJson('{"index":7}'), { ok: false, errors: ['"index" must be a string, got 7'] });
  assert.match((parseRouteJson('{index') as { errors: string[] }).errors[0]!, /^invalid JSON: /);
  assert.match((parseRouteJson('["x"]') as { errors: string[] }).errors[0]!, /^a route must be a JSON object/);
});

test('INI route values: index=…, format=…, separated by a comma', () => {
  assert.deepEqual(parseRouteIni('index=logs-nginx-{yyyy.MM.dd}, format=nginx'), { ok: true, route: { index: 'logs-nginx-{yyyy.MM.dd}', format: 'nginx' } });
  assert.deepEqual(parseRouteIni(' format = json '), { ok: true, route: { format: 'json' } });
  assert.deepEqual(parseRouteIni('index=a-{topic}, index=b'), { ok: false, errors: ['index is given twice'] });
  assert.deepEqual(parseRouteIni('nginx'), { ok: false, errors: ['"nginx" is not index=<pattern> or format=<name>; write e.g. index=logs-nginx-{yyyy.MM.dd}, format=nginx'] });
  assert.deepEqual(parseRouteIni('format='), { ok: false, errors: ['format has no value; write format=<name>'] });
  assert.deepEqual(parseRouteIni(''), { ok: false, errors: ['sets neither index nor format; write e.g. index=logs-nginx-{yyyy.MM.dd}, format=nginx'] });
});

test('route keys: <prefix>/routes/<topic>, with a valid topic name', () => {
  assert.equal(routeKey('/logtransfer', 'nginx_log'), '/logtransfer/routes/nginx_log');
  assert.equal(topicOfRouteKey('/logtransfer', '/logtransfer/routes/nginx_log'), 'nginx_log');
  assert.equal(topicOfRouteKey('/logtransfer', '/logtransfer/routes/a/b'), undefined);
  assert.equal(topicOfRouteKey('/logtransfer', '/logtransfer/routes/'), undefined);
  assert.equal(topicOfRouteKey('/logtransfer', '/other/routes/x'), undefined);
});
