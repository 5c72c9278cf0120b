import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { randomUUID, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { waitFor } from '@logpipe/runtime';
import { endpoints } from '@logpipe/services';
import { agentFixture, type AgentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { allDocuments, countDocuments, elasticsearchClient } from '../support/elasticsearch.js';
import { createTopics, decodeEvents, readTopic } from '../support/kafka.js';

/**
 * Container logs as a Kubernetes node holds them, through the real agent, Kafka, transfer and
 * Elasticsearch: the kubelet's `/var/log/pods/<namespace>_<pod>_<uid>/<container>/<n>.log`
 * files written the way containerd (CRI) and Docker's json-file driver write them, lines over
 * 16 KiB split into partial lines, stdout and stderr interleaved, the `/var/log/containers`
 * symlinks collected by a second target, the kubelet's rotation (rename, then gzip of the older
 * file), a container restart (`1.log`), a pod deleted right after it wrote, `kube-system` left
 * out by a namespace filter, JSON inside CRI lines parsed by the transfer, a stack trace joined
 * by a target's multiline rule after the CRI framing is removed, an agent restart between the
 * parts of one line, and a rotation while the agent is down. Every line once, with its pod's
 * fields and the runtime's time.
 */
interface Expected {
  message: string;
  time: string;
  stream: 'stdout' | 'stderr';
  namespace: string;
  pod: string;
  container: string;
  /** A field the transfer's JSON parser adds, for JSON content. */
  orderId?: number;
  /** Joined from several lines by the target's multiline rule. */
  multiline?: boolean;
}

interface Doc {
  message: string;
  '@timestamp': string;
  stream: string;
  event: { id: string };
  log: { offset: number; file: { path: string }; flags?: string[] };
  kubernetes: { namespace: string; pod: { name: string; uid?: string }; container: { name: string } };
  container?: { id: string };
  order_id?: number;
}

/** containerd splits a line at 16 KiB (`max_container_log_line_size`); Docker does too. */
const SPLIT = 16 * 1024;
const es = elasticsearchClient();
let f: AgentFixture;
let transfer: AppProcess;
let agent: AppProcess;
let index: string;
let clock = Date.parse('2026-12-03T10:00:00.000Z');
const expected: Expected[] = [];

/** The runtime's time for the next line: RFC 3339 with nanoseconds, as containerd writes it. */
function nextTime(): { rfc3339: string; iso: string } {
  const iso = new Date((clock += 7)).toISOString();
  return { rfc3339: iso.replace('Z', '417263Z'), iso };
}

function parts(content: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < content.length; i += SPLIT) out.push(content.slice(i, i + SPLIT));
  return out.length > 0 ? out : [''];
}

interface Pod {
  namespace: string;
  name: string;
  uid: string;
  container: string;
  dir: string;
  runtime: 'cri' | 'docker';
  restart: number;
}

/** The lines a runtime writes for one line of a container, split into parts of 16 KiB. */
function framed(pod: Pod, content: string, stream: 'stdout' | 'stderr', time: string): string[] {
  const pieces = parts(content);
  return pieces.map((piece, i) => {
    const last = i === pieces.length - 1;
    return pod.runtime === 'cri' ? `${time} ${stream} ${last ? 'F' : 'P'} ${piece}` : JSON.stringify({ log: last ? piece + '\n' : piece, stream, time });
  });
}

/** Writes lines as the container's runtime would and records what the index must hold (unless `collected` is false). */
async function write(pod: Pod, lines: { content: string; stream?: 'stdout' | 'stderr'; orderId?: number }[], collected = true): Promise<void> {
  const out: string[] = [];
  for (const { content, stream = 'stdout', orderId } of lines) {
    const { rfc3339, iso } = nextTime();
    out.push(...framed(pod, content, stream, rfc3339));
    if (collected) expected.push({ message: orderId === undefined ? content : `order ${orderId}`, time: iso, stream, namespace: pod.namespace, pod: pod.name, container: pod.container, ...(orderId === undefined ? {} : { orderId }) });
  }
  await appendFile(logOf(pod), out.join('\n') + '\n');
}

const logOf = (pod: Pod) => join(pod.dir, `${pod.restart}.log`);

async function newPod(root: string, namespace: string, name: string, container: string, runtime: 'cri' | 'docker'): Promise<Pod> {
  const uid = randomUUID();
  const dir = join(root, 'pods', `${namespace}_${name}_${uid}`, container);
  await mkdir(dir, { recursive: true });
  const pod = { namespace, name, uid, container, dir, runtime, restart: 0 };
  await writeFile(logOf(pod), '');
  return pod;
}

/** Waits for `n` documents; on a timeout, says how many each pod has and how many it should. */
async function documentsAtLeast(n: number, what: string): Promise<void> {
  try {
    await waitFor(async () => (await countDocuments(es, index)) >= n || undefined, { what: `${n} ${what}`, timeoutMs: 90_000, intervalMs: 500 });
  } catch (err) {
    const have: Record<string, number> = {};
    for (const d of await allDocuments<Doc>(es, index, ['@timestamp'])) have[d.log.file.path] = (have[d.log.file.path] ?? 0) + 1;
    const want: Record<string, number> = {};
    for (const e of expected) want[e.pod] = (want[e.pod] ?? 0) + 1;
    throw new Error(`${(err as Error).message}\ndocuments per file: ${JSON.stringify(have)}\nlines per pod: ${JSON.stringify(want)}`);
  }
}

const plainLines = (label: string, n: number, stderrEvery = 0) =>
  Array.from({ length: n }, (_, i) => ({ content: `${label} line ${i} ${randomBytes(4).toString('hex')} ünïcödé "q"`, stream: stderrEvery > 0 && i % stderrEvery === 0 ? ('stderr' as const) : ('stdout' as const) }));

before(async () => {
  f = await agentFixture('k8s', { ini: { agent: ['close_removed_after = 2s'] } });
  await createTopics(f.kafka, [f.names.topic], 2);
  index = `logs-${f.names.topic}-*`;
  const servers = endpoints();
  transfer = await AppProcess.withConfig('logtransfer', f.dir, [
    '[transfer]', `group = ${f.names.group}`, 'shutdown_timeout = 10s',
    '[kafka]', `brokers = ${servers.kafkaBrokers.join(',')}`, `topics = ${f.names.topic}`,
    '[etcd]', `endpoints = ${servers.etcdEndpoints.join(',')}`, `agents_prefix = ${f.names.etcdPrefix}`, `prefix = ${f.names.etcdPrefix}-transfer`,
    '[elasticsearch]', `nodes = ${servers.elasticsearchUrl}`,
    '[metrics]', 'listen = 127.0.0.1:0',
  ].join('\n') + '\n');
  transfer.start();
  agent = f.agent;
  agent.start();
  await Promise.all([agent.waitForLog('running'), transfer.waitForLog('running')]);
});

after(async () => {
  await Promise.allSettled([transfer?.kill(), agent?.kill()]);
  await es.indices.delete({ index, ignore_unavailable: true, allow_no_indices: true }).catch(() => undefined);
  await f?.cleanup();
});

test('CRI and json-file pods, partial lines, symlinks, rotation, restarts and a deleted pod: every line once, with its pod fields', { timeout: 240_000 }, async () => {
  const root = f.logDir;
  const web = await newPod(root, 'shop', 'web-7d9f8-x2x4z', 'app', 'cri');
  const api = await newPod(root, 'json-apps', 'api-0', 'api', 'cri');
  const legacy = await newPod(root, 'legacy', 'old-1', 'old', 'docker');
  const dns = await newPod(root, 'kube-system', 'coredns-1', 'coredns', 'cri');
  const batch = await newPod(root, 'shop', 'batch-29k1', 'job', 'cri');
  // Reached only through its /var/log/containers symlink: the pods target leaves its namespace out.
  const edge = await newPod(root, 'edge', 'proxy-5c4b', 'envoy', 'cri');
  // A Java service: each line of a stack trace is its own CRI line, joined by the target's multiline.
  const jvm = await newPod(root, 'jvm', 'orders-0', 'orders', 'cri');
  await mkdir(join(root, 'containers'));
  const webLink = (containerId: string) => join(root, 'containers', `${web.name}_${web.namespace}_${web.container}-${containerId}.log`);
  const webIds = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
  await symlink(logOf(web), webLink(webIds[0]!));
  const edgeId = randomBytes(32).toString('hex');
  await symlink(logOf(edge), join(root, 'containers', `${edge.name}_${edge.namespace}_${edge.container}-${edgeId}.log`));

  const notOwn = ['kube-system', 'json-apps', 'legacy', 'jvm'];
  // The fleet-wide target, and the symlinks a second time: web's files are reachable through both.
  // `*.log*` with the gzipped files left out: a file rotated while the agent is down is still found.
  await f.putTarget('pods', { path: join(root, 'pods/*/*/*.log*'), exclude_files: ['\\.gz$'], topic: f.names.topic, format: 'cri', exclude_namespaces: [...notOwn, 'edge'] });
  await f.putTarget('containers', { path: join(root, 'containers/*.log'), topic: f.names.topic, format: 'cri', exclude_namespaces: notOwn });
  await f.putTarget('json', { path: join(root, 'pods/json-apps_*/*/*.log'), topic: f.names.topic, format: 'cri', content_format: 'json' });
  await f.putTarget('legacy', { path: join(root, 'pods/legacy_*/*/*.log'), topic: f.names.topic, format: 'docker', partial_timeout: 60_000 });
  await f.putTarget('jvm', { path: join(root, 'pods/jvm_*/*/*.log'), topic: f.names.topic, format: 'cri', multiline: { pattern: '^\\s', match: 'after' } });
  for (const id of ['pods', 'containers', 'json', 'legacy', 'jvm']) await agent.waitForLog('target started', 30_000, { target: `${f.names.agentName}/targets/${id}` });

  // Lines over 16 KiB in parts, with a stderr line written between the parts of a stdout line.
  const long = (n: number, size: number) => `long-${n}-` + 'x'.repeat(size);
  await write(web, [...plainLines('web', 100, 5), { content: long(1, 40_000) }, { content: long(2, 100_000), stream: 'stderr' }, { content: long(3, SPLIT - 8) }]);
  const interleaved = long(4, 3 * SPLIT);
  const [p1, p2, p3, fin] = framed(web, interleaved, 'stdout', nextTime().rfc3339);
  const between = nextTime();
  await appendFile(logOf(web), [p1, p2, `${between.rfc3339} stderr F between the parts`, p3, fin].join('\n') + '\n');
  expected.push({ message: interleaved, time: new Date(clock - 7).toISOString(), stream: 'stdout', namespace: web.namespace, pod: web.name, container: web.container });
  expected.push({ message: 'between the parts', time: between.iso, stream: 'stderr', namespace: web.namespace, pod: web.name, container: web.container });
  await write(api, Array.from({ length: 50 }, (_, i) => ({ content: JSON.stringify({ level: 'info', msg: `order ${i}`, order_id: i }), orderId: i })));
  await write(api, [{ content: JSON.stringify({ level: 'warn', msg: 'order 50', order_id: 50, blob: 'b'.repeat(20_000) }), orderId: 50 }]);
  await write(legacy, [...plainLines('legacy', 50, 7), { content: long(5, 40_000) }]);
  await write(dns, plainLines('kube-system', 30), false);
  await write(batch, plainLines('batch', 20));
  await write(edge, plainLines('edge', 25, 3));
  const trace = ['java.lang.IllegalStateException: no stock', '\tat com.example.Orders.reserve(Orders.java:42)', '\tat com.example.Orders.place(Orders.java:17)'];
  for (let n = 0; n < 3; n++) {
    const first = nextTime();
    const lines = trace.map((line, i) => `${i === 0 ? first.rfc3339 : nextTime().rfc3339} stderr F ${n}: ${line}`.replace(`F ${n}: \t`, 'F \t'));
    await appendFile(logOf(jvm), lines.join('\n') + '\n');
    expected.push({ message: [`${n}: ${trace[0]}`, ...trace.slice(1)].join('\n'), time: first.iso, stream: 'stderr', namespace: jvm.namespace, pod: jvm.name, container: jvm.container, multiline: true });
  }
  await write(jvm, [{ content: 'orders started' }]);

  // A pod deleted right after its last lines: its open file is still read to the end.
  await agent.waitForLog('harvesting', 30_000, { path: logOf(batch) });
  await write(batch, plainLines('batch-last', 10));
  await rm(join(root, 'pods', `${batch.namespace}_${batch.name}_${batch.uid}`), { recursive: true });

  // The kubelet's rotation: 0.log renamed with a timestamp, a new 0.log; at the next rotation the
  // older one is gzipped (and its uncompressed file removed).
  await rename(logOf(web), `${logOf(web)}.20261203-100000`);
  await writeFile(logOf(web), '');
  await write(web, plainLines('web-rotated-1', 50, 9));
  // The kubelet rotates at 10 MiB, long after the agent found the new file: wait for its lines.
  await documentsAtLeast(expected.length, 'the lines of the first new 0.log');
  await rename(logOf(web), `${logOf(web)}.20261203-100100`);
  await writeFile(logOf(web), '');
  await write(web, plainLines('web-rotated-2', 30));
  await writeFile(`${logOf(web)}.20261203-100000.gz`, gzipSync(await readFile(`${logOf(web)}.20261203-100000`)));
  await unlink(`${logOf(web)}.20261203-100000`);

  // The container restarts: its next file is 1.log, with a new container id and symlink.
  web.restart = 1;
  await write(web, plainLines('web-restarted', 40, 4));
  await symlink(logOf(web), webLink(webIds[1]!));

  // The agent stops between the parts of a line; the rest is written while it is down.
  const expectedSoFar = expected.length;
  await documentsAtLeast(expectedSoFar, 'documents before the agent restart');
  const split = long(6, 2 * SPLIT);
  const splitTime = nextTime();
  const [first, ...rest] = framed(api, JSON.stringify({ msg: 'order 51', order_id: 51, blob: split }), 'stdout', splitTime.rfc3339);
  await appendFile(logOf(api), first + '\n');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  await appendFile(logOf(api), rest.join('\n') + '\n');
  expected.push({ message: 'order 51', time: splitTime.iso, stream: 'stdout', namespace: api.namespace, pod: api.name, container: api.container, orderId: 51 });
  await write(api, Array.from({ length: 5 }, (_, i) => ({ content: JSON.stringify({ msg: `order ${52 + i}`, order_id: 52 + i }), orderId: 52 + i })));
  // While the agent is down, web's file gets more lines and is rotated; the older rotated file is gzipped.
  await write(web, plainLines('web-while-down', 20, 6));
  await rename(logOf(web), `${logOf(web)}.20261203-110000`);
  await writeFile(logOf(web), '');
  await write(web, plainLines('web-after-down-rotation', 15));
  await writeFile(`${join(web.dir, '0.log')}.20261203-100100.gz`, gzipSync(await readFile(`${join(web.dir, '0.log')}.20261203-100100`)));
  await unlink(`${join(web.dir, '0.log')}.20261203-100100`);
  agent = await f.newAgentProcess();
  agent.start();
  await agent.waitForLog('running');

  await documentsAtLeast(expected.length, `documents in ${index}`);
  // Anything extra (a duplicate) would have arrived with the rest; give it a moment to show.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const docs = await allDocuments<Doc>(es, index, ['@timestamp', 'log.offset']);
  assert.equal(docs.length, expected.length, 'every line once');
  assert.equal(new Set(docs.map((d) => d.event.id)).size, docs.length, 'no id twice');

  const key = (e: { message: string; time: string }) => `${e.time} ${e.message.slice(0, 80)} ${e.message.length}`;
  const byKey = new Map(expected.map((e) => [key(e), e]));
  assert.equal(byKey.size, expected.length);
  for (const doc of docs) {
    const want = byKey.get(key({ message: doc.message, time: doc['@timestamp'] }));
    assert.ok(want, `an unexpected document: ${doc['@timestamp']} ${doc.message.slice(0, 120)}`);
    byKey.delete(key(want));
    assert.equal(doc.message, want.message);
    assert.equal(doc.stream, want.stream, want.message.slice(0, 40));
    assert.equal(doc.kubernetes.namespace, want.namespace);
    assert.equal(doc.kubernetes.pod.name, want.pod);
    assert.equal(doc.kubernetes.container.name, want.container);
    // Each path knows one of these: the pod directory its UID, the symlink the container id.
    assert.ok(doc.kubernetes.pod.uid !== undefined || doc.container?.id !== undefined, doc.log.file.path);
    if (want.orderId !== undefined) assert.equal(doc.order_id, want.orderId, 'the JSON inside the CRI line was parsed');
    assert.deepEqual(doc.log.flags, want.multiline ? ['multiline'] : undefined, `${doc.message.slice(0, 40)}: ${doc.log.flags?.join(',')}`);
  }
  assert.equal(byKey.size, 0);
  assert.ok(!docs.some((d) => d.kubernetes.namespace === 'kube-system'), 'kube-system is left out');
  // Through the symlink, the agent knows the container id from its name and the pod UID from its target.
  for (const doc of docs.filter((d) => d.kubernetes.namespace === 'edge')) {
    assert.equal(doc.container?.id, edgeId);
    assert.equal(doc.kubernetes.pod.uid, edge.uid);
  }
  // Elasticsearch would merge a line sent twice under one id; Kafka shows whether it was sent
  // twice. web's files are matched by two targets and were never re-read by a restart.
  const webEvents = decodeEvents(await readTopic(f.kafka, f.names.topic)).filter((e) => e.path.includes(web.name));
  assert.equal(webEvents.length, expected.filter((e) => e.pod === web.name).length, 'each of web\'s lines sent once, though two targets match its files');
  assert.equal(new Set(webEvents.map((e) => e.id)).size, webEvents.length);

  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
});
