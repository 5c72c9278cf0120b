import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { endpoints } from '@logpipe/services';
import { sleep } from '@logpipe/runtime';
import { elasticsearchClient } from '../support/elasticsearch.js';
import { uniqueNames } from '../support/unique-names.js';
import { logctl, logctlOk, RunningLogctl, serverFlags } from './logctl-support.js';

/**
 * `logctl query` against documents of the transfer's shape (ECS fields, as
 * apps/logtransfer/src/transform/to-document.ts writes them), indexed directly so that hosts,
 * files, levels and times are known exactly. test/src/logctl/query-pipeline.test.ts runs the same
 * through a real agent and transfer.
 */
const names = uniqueNames('logctl-query');
const es = elasticsearchClient();
const etcd = new Etcd3({ hosts: endpoints().etcdEndpoints });
const flags = serverFlags(names.etcdPrefix);
const topic = names.topic;
const now = Date.now();
const day = (t: number) => new Date(t).toISOString().slice(0, 10).replace(/-/g, '.');
const index = (t: number) => `logs-${topic}-${day(t)}`;
const routedIndex = `routed-${topic}-${day(now).slice(0, 7)}`;
const created = new Set<string>();

interface Line {
  at: number;
  host: string;
  file: string;
  offset: number;
  level?: string;
  message: string;
}

const offsets = new Map<string, number>();
function line(at: number, host: string, file: string, message: string, level?: string): Line {
  const offset = offsets.get(host + file) ?? 0;
  offsets.set(host + file, offset + Buffer.byteLength(message) + 1);
  return { at, host, file, offset, message, ...(level ? { level } : {}) };
}

/** A document as the transfer indexes an agent event. */
function documentOf(l: Line, id: string) {
  return {
    '@timestamp': new Date(l.at).toISOString(),
    message: l.message,
    event: { id: `${id}-${l.offset}`, ingested: new Date().toISOString() },
    log: { offset: l.offset, file: { path: l.file }, ...(l.level ? { level: l.level } : {}) },
    host: { name: l.host },
    agent: { type: 'logagent', name: l.host, id: `agent-${l.host}`, version: '0.1.0' },
    labels: { test: names.id },
  };
}

async function indexLines(lines: Line[], target?: string): Promise<void> {
  const operations = lines.flatMap((l) => {
    const name = target ?? index(l.at);
    created.add(name);
    const document = documentOf(l, `${names.id}-${l.host}-${l.file}`);
    return [{ index: { _index: name, _id: document.event.id } }, document];
  });
  const result = await es.bulk({ refresh: true, operations });
  assert.equal(result.errors, false, JSON.stringify(result.items.find((i) => i.index?.error)));
}

const app = `/var/log/${names.id}/app.log`;
const nginx = `/var/log/${names.id}/nginx/access.log`;
const needle = `needle-${names.id}`;
// Newest last. Two lines of one file share a millisecond: the byte offset orders them.
const lines = [
  line(now - 2 * 3600_000, 'web-1', app, `${needle} two hours ago`, 'info'),
  line(now - 9 * 60_000, 'web-1', app, `${needle} first connection refused`, 'error'),
  line(now - 8 * 60_000, 'web-2', nginx, `GET /health 200 ${needle}`, 'info'),
  line(now - 7 * 60_000, 'web-1', app, `unrelated ${names.id} line`, 'info'),
  line(now - 6 * 60_000, 'web-2', app, `${needle} second connection refused`, 'warn'),
  line(now - 5 * 60_000, 'web-1', app, `${needle} same millisecond a`, 'error'),
  line(now - 5 * 60_000, 'web-1', app, `${needle} same millisecond b`, 'error'),
  line(now - 4 * 60_000, 'web-2', nginx, `GET /login 500 ${needle}`, 'error'),
];
const shown = (l: Line) => `${new Date(l.at).toISOString()} ${l.host} ${l.file}: ${l.message}`;
const query = (...args: string[]) => logctlOk(['query', '--topic', topic, ...args, ...flags]);
const out = (result: { stdout: string }) => result.stdout.split('\n').filter(Boolean);

before(async () => {
  // Mappings as the transfer's index template has them (keywords for exact filters).
  for (const name of new Set([...lines.map((l) => index(l.at)), routedIndex])) {
    await es.indices.create({
      index: name,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          event: { properties: { id: { type: 'keyword' } } },
          log: { properties: { offset: { type: 'long' }, level: { type: 'keyword' }, file: { properties: { path: { type: 'keyword' } } } } },
          host: { properties: { name: { type: 'keyword' } } },
        },
      },
    });
    created.add(name);
  }
  await indexLines(lines);
});

after(async () => {
  await es.indices.delete({ index: [...created], ignore_unavailable: true });
  await es.close();
  await etcd.delete().prefix(`${names.etcdPrefix}`);
  etcd.close();
});

test('a phrase finds exactly its lines of the last 15 minutes, oldest first, with host and file', async () => {
  const expected = lines.slice(1).filter((l) => l.message.includes(needle));
  assert.deepEqual(out(await query(needle)), expected.map(shown));
  // Words in order: "connection refused" matches both lines, "refused connection" none.
  assert.deepEqual(out(await query(`${needle}`, 'connection', 'refused')).length, 0, 'the phrase is the positionals joined, in order');
  assert.deepEqual(out(await query('connection refused')), [lines[1]!, lines[4]!].map(shown));
  assert.deepEqual(out(await query('refused connection')), []);
});

test('host, file, level and time filters narrow the lines', async () => {
  const found = async (...args: string[]) => out(await query(...args, needle));
  assert.deepEqual(await found('--host', 'web-2'), [lines[2]!, lines[4]!, lines[7]!].map(shown));
  assert.deepEqual(await found('--file', `/var/log/${names.id}/nginx/*`), [lines[2]!, lines[7]!].map(shown));
  assert.deepEqual(await found('--file', app, '--host', 'web-1'), [lines[1]!, lines[5]!, lines[6]!].map(shown));
  assert.deepEqual(await found('--level', 'ERROR'), [lines[1]!, lines[5]!, lines[6]!, lines[7]!].map(shown));
  assert.deepEqual(await found('--level', 'warn,info'), [lines[2]!, lines[4]!].map(shown));
  assert.deepEqual(await found('--from', '3h'), lines.filter((l) => l.message.includes(needle)).map(shown));
  const from = new Date(now - 6.5 * 60_000).toISOString();
  const to = new Date(now - 4.5 * 60_000).toISOString();
  assert.deepEqual(await found('--from', from, '--to', to), [lines[4]!, lines[5]!, lines[6]!].map(shown));
});

test('--limit shows the newest N, still oldest first, and says that more matched', async () => {
  const result = await query('--limit', '2', needle);
  assert.deepEqual(out(result), [lines[6]!, lines[7]!].map(shown));
  assert.match(result.stderr, /more than 2 lines match; showing the newest 2/);
});

test('--json prints one document per line with the indexed fields', async () => {
  const documents = out(await query('--json', '--host', 'web-2', 'GET')).map((text) => JSON.parse(text) as Record<string, unknown> & { log: { offset: number } });
  assert.deepEqual(documents.map((d) => d.message), [lines[2]!.message, lines[7]!.message]);
  assert.deepEqual(documents.map((d) => [d._index, d.host, d.log.offset]), [
    [index(lines[2]!.at), { name: 'web-2' }, lines[2]!.offset],
    [index(lines[7]!.at), { name: 'web-2' }, lines[7]!.offset],
  ]);
});

test('--regex matches the message as grep -E does, with the other filters and --limit; (?i) ignores case', async () => {
  assert.deepEqual(out(await query('--regex', `^${needle} (first|second) connection refused$`)), [lines[1]!, lines[4]!].map(shown));
  assert.deepEqual(out(await query('--regex', 'GET /\\w+ [25]00')), [lines[2]!, lines[7]!].map(shown));
  assert.deepEqual(out(await query('--regex', 'millisecond [ab]$', '--host', 'web-1', needle)), [lines[5]!, lines[6]!].map(shown));
  assert.deepEqual(out(await query('--regex', 'CONNECTION REFUSED')), []);
  assert.deepEqual(out(await query('--regex', '(?i)CONNECTION REFUSED')), [lines[1]!, lines[4]!].map(shown));
  const limited = await query('--regex', 'same millisecond|GET', '--limit', '2');
  assert.deepEqual(out(limited), [lines[6]!, lines[7]!].map(shown));
  assert.match(limited.stderr, /more than 2 lines match; showing the newest 2/);
  const bad = await logctl(['query', '--topic', topic, '--regex', '(unclosed', ...flags]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--regex "\(unclosed": .*write a JavaScript regular expression/);
});

test('--since is --from by another name, and the two together are refused', async () => {
  assert.deepEqual(out(await query('--since', '7m', needle)), out(await query('--from', '7m', needle)));
  assert.deepEqual(out(await query('--since', '7m', needle)), [lines[4]!, lines[5]!, lines[6]!, lines[7]!].map(shown));
  assert.deepEqual(out(await query('--since', new Date(now - 8.5 * 60_000).toISOString(), '--to', 'now-5m', needle)), [lines[2]!, lines[4]!, lines[5]!, lines[6]!].map(shown));
  const both = await logctl(['query', '--topic', topic, '--since', '1h', '--from', '2h', ...flags]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--since and --from say the same; give one/);
});

test('--stats counts the matches per index and per host, with their time span, without printing them', async () => {
  const expected = lines.slice(1).filter((l) => l.message.includes(needle));
  const perIndex = new Map<string, number>();
  for (const l of expected) perIndex.set(index(l.at), (perIndex.get(index(l.at)) ?? 0) + 1);
  const iso = (l: Line) => new Date(l.at).toISOString();
  const stats = JSON.parse((await query('--stats', '--json', needle)).stdout) as { total: number; first: string; last: string; indices: Record<string, number>; hosts: Record<string, number> };
  assert.deepEqual(stats, { total: 6, first: iso(lines[1]!), last: iso(lines[7]!), indices: Object.fromEntries(perIndex), hosts: { 'web-1': 3, 'web-2': 3 } });
  // The same counted from the lines when --regex decides, which Elasticsearch cannot.
  const regex = JSON.parse((await query('--stats', '--json', '--regex', 'refused$|500')).stdout) as typeof stats;
  assert.deepEqual([regex.total, regex.first, regex.last, regex.hosts], [3, iso(lines[1]!), iso(lines[7]!), { 'web-1': 1, 'web-2': 2 }]);
  const human = await query('--stats', needle);
  assert.match(human.stdout, new RegExp(`^6 lines match, from ${iso(lines[1]!)} to ${iso(lines[7]!)} \\(5m\\)\n`));
  assert.match(human.stdout, /\nHOST\s+LINES\nweb-1\s+3\nweb-2\s+3\n$/);
  assert.doesNotMatch(human.stdout, /connection refused/, 'the lines themselves are not printed');
  assert.equal((JSON.parse((await query('--stats', '--json', 'no such words anywhere')).stdout) as typeof stats).total, 0);
  assert.equal((await logctl(['query', '--topic', topic, '--stats', '--follow', ...flags])).code, 2);
});

test("a topic routed elsewhere is searched in its route's index", async () => {
  const routed = line(now - 60_000, 'web-3', app, `${needle} routed`, 'info');
  await indexLines([routed], routedIndex);
  await logctlOk(['routes', 'set', topic, '--index', `routed-{topic}-{yyyy.MM}`, ...flags]);
  assert.deepEqual(out(await query(needle)), [shown(routed)]);
  assert.deepEqual(out(await logctlOk(['query', '--index', `logs-${topic}-*`, `${needle} routed`, ...flags])), []);
  await logctlOk(['routes', 'rm', topic, ...flags]);
});

test('--follow prints the lines so far, then new ones as they are indexed, until Ctrl-C', async () => {
  const phrase = `follow-${names.id}`;
  const start = Date.now();
  const early = [line(start - 3000, 'web-1', app, `${phrase} 0`), line(start - 2000, 'web-1', app, `${phrase} 1`)];
  await indexLines(early);
  const follow = new RunningLogctl(['query', '--follow', '--topic', topic, phrase, ...flags]);
  try {
    assert.deepEqual(await follow.waitForLines(2), early.map(shown));
    const later = [line(Date.now(), 'web-2', nginx, `${phrase} 2`), line(Date.now() + 1, 'web-2', nginx, `${phrase} 3`)];
    await indexLines(later);
    assert.deepEqual(await follow.waitForLines(4), [...early, ...later].map(shown));
    // Indexed after newer lines were printed, with an older time (another partition, a slower
    // transfer worker): still printed, once.
    const late = line(start - 1000, 'web-1', app, `${phrase} late`);
    await indexLines([late]);
    assert.equal((await follow.waitForLines(5))[4], shown(late));
    assert.equal(await follow.interrupt(), 0, follow.stderr);
    assert.equal(follow.lines.length, 5, `printed again: ${follow.lines.join('\n')}`);
  } finally {
    await follow.kill();
  }
});

test('--follow prints every line once and in order when thousands share a millisecond, and never the ones --limit left out', async () => {
  const phrase = `burst-${names.id}`;
  const at = Date.now() - 2000;
  // 2,500 lines in one millisecond before following: --limit 100 shows the newest 100 only.
  const before = Array.from({ length: 2500 }, (_, i) => line(at, 'web-3', app, `${phrase} before ${String(i).padStart(5, '0')}`));
  await indexLines(before);
  const follow = new RunningLogctl(['query', '--follow', '--limit', '100', '--topic', topic, phrase, ...flags]);
  try {
    assert.deepEqual(await follow.waitForLines(100), before.slice(-100).map(shown));
    // Then three bursts of 2,000 lines, each burst in a single millisecond, more than a page of the search.
    const bursts: Line[] = [];
    for (let burst = 0; burst < 3; burst++) {
      const burstAt = Date.now();
      const lines = Array.from({ length: 2000 }, (_, i) => line(burstAt, 'web-3', app, `${phrase} burst ${burst} ${String(i).padStart(5, '0')}`));
      bursts.push(...lines);
      await indexLines(lines);
      await follow.waitForLines(100 + bursts.length, 30_000);
    }
    // Two more polls: nothing is printed again, and none of the 2,400 left out appears.
    await sleep(2500);
    assert.equal(await follow.interrupt(), 0, follow.stderr);
    assert.deepEqual(follow.lines, [...before.slice(-100), ...bursts].map(shown));
  } finally {
    await follow.kill();
  }
});

test('query exit codes: bad flags 2, Elasticsearch unreachable 1', async () => {
  assert.equal((await logctl(['query', '--from', 'last tuesday', ...flags])).code, 2);
  assert.equal((await logctl(['query', '--limit', '0', ...flags])).code, 2);
  const down = await logctl(['query', '--es', 'http://127.0.0.1:1', '--index', 'logs-*', 'x']);
  assert.equal(down.code, 1);
  assert.match(down.stderr, /Elasticsearch at http:\/\/127\.0\.0\.1:1 \(from --es\) failed searching logs-\*: .*ECONNREFUSED/);
});
