import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sleep } from '@logpipe/runtime';
import { startClusterPipeline } from './cluster-pipeline.js';
import { killNode, leaderOfWrittenPartition, nodeName, startNode, waitForFullIsr } from './kafka-cluster.js';
import { stopServers } from '@logpipe/services';

/**
 * Brokers fail under a running pipeline (an agent, two transfer workers, lines at 200 a second)
 * on the harness's 3-node cluster. The agent creates its topic with 3 replicas and
 * min.insync.replicas 2, so any one node may go: every line must reach Elasticsearch exactly
 * once, and the agent must stay healthy, since the cluster never stopped taking writes.
 * The tests of this file run one after another and leave all three nodes running.
 */

test('kill -9 of the leader the agent writes to: every line once, /healthz stays 200, logctl status answers', async (t) => {
  const p = await startClusterPipeline('cluster-kill-leader');
  t.after(() => p.cleanup());
  await p.waitForIndexed(400);
  const replicas = await waitForFullIsr(p.admin, p.names.topic);
  assert.deepEqual(replicas.map((r) => r.replicas.length), [3, 3], 'the agent created its topic with 3 replicas on a 3-node cluster');

  const leader = await leaderOfWrittenPartition(p.admin, p.names.topic);
  const killedAt = Date.now();
  await killNode(leader);
  t.after(() => startNode(leader)); // whatever happens below, the next test gets three nodes
  // Lines keep coming while the node is dead; the partition moves to a surviving replica.
  const before = p.growing.lines.length;
  await p.waitForIndexed(before + 400, 60_000);
  assert.notEqual(await leaderOfWrittenPartition(p.admin, p.names.topic), leader, 'a surviving replica leads the partition');
  const status = await p.status();
  assert.deepEqual(status.errors, [], 'logctl status works with a node down');
  assert.equal(status.topics[0]!.exists, true);
  assert.deepEqual(status.agents.map((a) => a.name), [p.names.agentName]);

  await startNode(leader);
  await waitForFullIsr(p.admin, p.names.topic);
  const count = await p.finish();
  assert.ok(count > before, `${count} lines written in all`);
  assert.deepEqual(p.unhealthySince(killedAt), [], 'the agent stayed healthy: the cluster kept taking writes');
});

test('a rolling restart of all three nodes: every line once, /healthz stays 200', async (t) => {
  const p = await startClusterPipeline('cluster-rolling');
  t.after(() => p.cleanup());
  await p.waitForIndexed(400);
  await waitForFullIsr(p.admin, p.names.topic);
  const startedAt = Date.now();
  for (const node of [1, 2, 3]) {
    // As an operator does it: a clean stop (SIGTERM hands leadership over), a start, and the
    // next node only once every replica is back in sync, so two are never missing at once.
    await stopServers([nodeName(node)]);
    const written = p.growing.lines.length;
    await p.waitForIndexed(written, 60_000);
    await startNode(node);
    await waitForFullIsr(p.admin, p.names.topic);
  }
  await p.finish();
  assert.deepEqual(p.unhealthySince(startedAt), [], 'the agent stayed healthy through the restarts');
});

test('one node down for 60 s: every line once, /healthz stays 200', async (t) => {
  const p = await startClusterPipeline('cluster-node-down');
  t.after(() => p.cleanup());
  await p.waitForIndexed(400);
  await waitForFullIsr(p.admin, p.names.topic);
  const leader = await leaderOfWrittenPartition(p.admin, p.names.topic);
  const downAt = Date.now();
  await stopServers([nodeName(leader)]);
  t.after(() => startNode(leader));
  await sleep(downAt + 60_000 - Date.now()); // the outage lasts its full minute: the scenario, not a wait for a condition
  const isr = await p.admin.partitionReplicas(p.names.topic);
  assert.ok(isr.every((r) => !r.isr.includes(leader)), 'the stopped node is out of every in-sync set');
  await startNode(leader);
  await waitForFullIsr(p.admin, p.names.topic);
  const count = await p.finish();
  assert.ok(count >= 60 * 200, `${count} lines written, at least the minute's worth`);
  assert.deepEqual(p.unhealthySince(downAt), [], 'the agent stayed healthy with two nodes of three');
});
