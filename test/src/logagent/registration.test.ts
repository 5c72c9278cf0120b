import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Etcd3 } from 'etcd3';
import { repoRoot } from '@logpipe/services';
import type { AgentStatus } from '@logpipe/targets';
import { sleep, waitFor } from '@logpipe/runtime';
import { agentFixture, type AgentFixture } from '../support/agent-fixture.js';
import { metricsUrl } from '../support/metrics.js';
import { etcdProxy, logsWith, text } from './etcd-test-support.js';

async function readStatus(etcd: Etcd3, key: string): Promise<{ status: AgentStatus; lease: string } | undefined> {
  const { kvs } = await etcd.get(key).exec();
  const kv = kvs[0];
  return kv && { status: JSON.parse(kv.value.toString()) as AgentStatus, lease: kv.lease };
}

const waitForStatus = (f: AgentFixture, what: string, accept: (s: AgentStatus) => boolean = () => true, timeoutMs = 15_000) =>
  waitFor(async () => {
    const found = await readStatus(f.etcd, f.agentKey('status'));
    return found && accept(found.status) ? found : undefined;
  }, { what: `${f.agentKey('status')} ${what}`, timeoutMs, intervalMs: 50 });

test('while running, <prefix>/<agent>/status holds the agent\'s identity, metrics URL and live counts, under a lease', async () => {
  const f = await agentFixture('registration', { ini: { etcd: ['status_ttl = 4s'] } });
  after(() => f.cleanup());
  await writeFile(join(f.logDir, 'a.log'), text('a', 3));
  await f.putTarget('a', { path: join(f.logDir, 'a.log'), topic: `${f.names.topic}_a` });
  const startedBefore = Date.now();
  f.agent.start();
  await f.agent.waitForLog('running');

  const { status, lease } = await waitForStatus(f, 'with 1 target and 1 file', (s) => s.targets === 1 && s.files === 1);
  const version = (JSON.parse(await readFile(join(repoRoot(), 'apps', 'logagent', 'package.json'), 'utf8')) as { version: string }).version;
  const id = (await readFile(join(f.dir, 'agent-data', 'agent-id'), 'utf8')).trim();
  const cmdline = (await readFile(`/proc/${status.pid}/cmdline`, 'utf8')).split('\0');
  assert.ok(cmdline.includes(f.agent.configPath), `pid ${status.pid} is not the agent (cmdline ${cmdline.join(' ')})`);
  const startedAt = Date.parse(status.started_at);
  assert.ok(startedAt >= startedBefore - 1000 && startedAt <= Date.now(), `started_at ${status.started_at} is not when the agent started`);
  assert.deepEqual(status, {
    name: f.names.agentName,
    id,
    version,
    host: hostname(),
    pid: status.pid,
    started_at: status.started_at,
    metrics_url: await metricsUrl(f.agent),
    targets: 1,
    files: 1,
  });
  const ttl = await f.etcd.leaseClient.leaseTimeToLive({ ID: lease });
  assert.equal(ttl.grantedTTL, '4', 'the lease TTL is not [etcd] status_ttl');
  // The status key is not a target: it is neither rejected nor persisted as one.
  assert.equal(f.agent.logs.filter((l) => String(l.message).startsWith('rejected etcd value')).length, 0);
  assert.deepEqual(Object.keys(JSON.parse(await readFile(join(f.dir, 'agent-data', 'known-targets.json'), 'utf8')) as object), [`${f.names.agentName}/targets/a`]);

  // A burst of changes: the counts follow, with at most one put per second.
  const puts: number[] = [];
  const watcher = await f.etcd.watch().key(f.agentKey('status')).create();
  watcher.on('put', () => puts.push(Date.now()));
  const burstStart = Date.now();
  for (let i = 0; i < 6; i++) {
    const file = join(f.logDir, `burst-${i}.log`);
    await writeFile(file, text(`burst ${i}`, 1));
    await f.putTarget(`burst-${i}`, { path: file, topic: `${f.names.topic}_burst` });
    await sleep(150);
  }
  const settled = await waitForStatus(f, 'with 7 targets and 7 files', (s) => s.targets === 7 && s.files === 7);
  const window = Date.now() - burstStart;
  await watcher.cancel();
  assert.equal(settled.lease, lease, 'the agent re-registered under a new lease without losing the old one');
  assert.ok(puts.length >= 1 && puts.length <= Math.floor(window / 1000) + 1, `${puts.length} status puts in ${window} ms: more than one a second`);

  // Nothing changes: nothing is written.
  const quiet = await f.etcd.watch().key(f.agentKey('status')).create();
  let quietPuts = 0;
  quiet.on('put', () => quietPuts++);
  await sleep(2500); // proving an absence: two and a half refresh intervals without a put
  await quiet.cancel();
  assert.equal(quietPuts, 0, 'the status was written again although nothing changed');
});

test('the status key disappears at once on SIGTERM, and within the lease TTL after kill -9', async (t) => {
  const f = await agentFixture('registration-stop', { ini: { etcd: ['status_ttl = 3s'] } });
  const crashed = await f.newAgentProcess();
  after(() => f.cleanup(crashed));
  f.agent.start();
  await f.agent.waitForLog('agent registered in etcd');
  await waitForStatus(f, 'to exist');
  assert.equal(await f.agent.stop(), 0);
  assert.equal(await readStatus(f.etcd, f.agentKey('status')), undefined, 'the status key outlived a graceful stop');
  assert.equal(logsWith(f.agent, 'agent unregistered from etcd').length, 1);

  crashed.start();
  await crashed.waitForLog('agent registered in etcd');
  const { lease } = await waitForStatus(f, 'to exist again');
  await crashed.kill();
  const killedAt = Date.now();
  assert.notEqual(await readStatus(f.etcd, f.agentKey('status')), undefined, 'the key vanished before its lease could expire: not lease-bound?');
  await waitFor(async () => (await readStatus(f.etcd, f.agentKey('status'))) === undefined, {
    what: `${f.agentKey('status')} (lease ${lease}, TTL 3 s) to disappear after kill -9`,
    timeoutMs: 3000 + 1500,
    intervalMs: 50,
  });
  const gone = Date.now() - killedAt;
  assert.ok(gone <= 4500, `the status key disappeared ${gone} ms after kill -9; TTL is 3 s`);
  t.diagnostic(`status key gone ${gone} ms after kill -9`);
});

test('a lease lost in an etcd outage longer than the TTL is granted again and the status rewritten', async () => {
  const { proxy, endpoint } = await etcdProxy();
  const f = await agentFixture('registration-lost', { etcdEndpoints: [endpoint], ini: { etcd: ['status_ttl = 2s'] } });
  after(async () => {
    await f.cleanup();
    await proxy.stop();
  });
  f.agent.start();
  const before = await waitForStatus(f, 'to exist');

  proxy.pause();
  // etcd itself (reached directly) expires the lease: the agent cannot keep it alive. How soon is
  // etcd's doing (it checks leases every 500 ms and commits the revoke), not what this test is
  // about, so the deadline is generous: the outage only has to outlast the TTL.
  await waitFor(async () => (await readStatus(f.etcd, f.agentKey('status'))) === undefined, {
    what: `${f.agentKey('status')} to expire while etcd is unreachable for the agent`,
    timeoutMs: 15_000,
    intervalMs: 50,
  });
  proxy.resume();
  const again = await waitForStatus(f, 'to be written again after the outage', () => true, 20_000);
  assert.notEqual(again.lease, before.lease);
  assert.deepEqual({ ...again.status }, { ...before.status });
  await f.agent.waitForLog('etcd lease of the agent status lost; registering again', 1000);
  assert.equal(await f.agent.stop(), 0);
  assert.equal(await readStatus(f.etcd, f.agentKey('status')), undefined);
});
