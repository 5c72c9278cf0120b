import { createKafka, type Kafka, type KafkaAdmin, type PartitionReplicas } from '@logpipe/kafka';
import { endpoints, serverStatus, startServers, type ServerName } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';

/** The harness's 3-node cluster, started once by whichever test file needs it first. */
export const CLUSTER_NODES: readonly ServerName[] = ['kafka-1', 'kafka-2', 'kafka-3'];
export const nodeName = (brokerId: number): ServerName => `kafka-${brokerId}` as ServerName;

export async function ensureKafkaCluster(): Promise<string[]> {
  await startServers(CLUSTER_NODES);
  return endpoints().kafkaClusterBrokers;
}

export function clusterKafka(): Kafka {
  return createKafka({ brokers: endpoints().kafkaClusterBrokers, clientId: 'logpipe-cluster-tests' });
}

/** `kill -9` of one node: no shutdown, no leadership handed over, whatever the page cache held. */
export async function killNode(brokerId: number): Promise<void> {
  const [status] = await serverStatus([nodeName(brokerId)]);
  if (!status?.pid) throw new Error(`${nodeName(brokerId)} is not running: nothing to kill`);
  process.kill(status.pid, 'SIGKILL');
  await waitFor(async () => !(await serverStatus([nodeName(brokerId)]))[0]!.running || undefined, { what: `${nodeName(brokerId)} (pid ${status.pid}) to die`, timeoutMs: 10_000 });
}

export async function startNode(brokerId: number): Promise<void> {
  await startServers([nodeName(brokerId)]);
}

/** Waits until every partition of `topic` has a leader and all `replicas` replicas in sync. */
export async function waitForFullIsr(admin: KafkaAdmin, topic: string, replicas = 3, timeoutMs = 60_000): Promise<PartitionReplicas[]> {
  let last: PartitionReplicas[] = [];
  await waitFor(
    async () => {
      last = await admin.partitionReplicas(topic).catch(() => []);
      return (last.length > 0 && last.every((p) => p.leader >= 0 && p.isr.length === replicas)) || undefined;
    },
    { what: `every partition of ${topic} to have ${replicas} replicas in sync (last: ${JSON.stringify(last)})`, timeoutMs, intervalMs: 250 },
  );
  return last;
}

/** The leader of the partition the agent writes a file's lines to (the one holding messages). */
export async function leaderOfWrittenPartition(admin: KafkaAdmin, topic: string): Promise<number> {
  const offsets = await admin.topicOffsets(topic);
  const written = offsets.filter((p) => p.high > 0).map((p) => p.partition);
  if (written.length !== 1) throw new Error(`expected one partition of ${topic} to hold the file's lines, found ${written.length}`);
  const leader = (await admin.partitionReplicas(topic))[written[0]!]!.leader;
  if (leader < 0) throw new Error(`partition ${written[0]} of ${topic} has no leader`);
  return leader;
}
