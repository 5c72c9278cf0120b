import { parseTransferStatus, transferConsumes, transferWorkersPrefix, type TransferStatus } from '@logpipe/schemas';
import type { StoredValue } from '../connect/etcd-store.js';
import type { EtcdStore } from '../connect/etcd-store.js';

export interface LiveTransfer {
  /** The `<name>` of `<prefix>/workers/<name>`. */
  name: string;
  key: string;
  status?: TransferStatus;
  /** Why the value could not be read (a worker of an incompatible version). */
  error?: string;
}

/**
 * The transfer workers that are live now: each keeps `<prefix>/workers/<name>` alive under a
 * lease while it runs, saying what it consumes. A worker with `[etcd] enabled = false` does not
 * register, so it is not here.
 */
export function liveTransfers(listing: readonly StoredValue[], prefix: string): LiveTransfer[] {
  const folder = transferWorkersPrefix(prefix);
  const transfers: LiveTransfer[] = [];
  for (const stored of listing) {
    if (!stored.key.startsWith(folder)) continue;
    const name = stored.key.slice(folder.length);
    if (name === '' || name.includes('/')) continue;
    const parsed = parseTransferStatus(stored.value);
    transfers.push(parsed.ok ? { name, key: stored.key, status: parsed.status } : { name, key: stored.key, error: parsed.error });
  }
  return transfers.sort((a, b) => a.name.localeCompare(b.name));
}

export async function readLiveTransfers(store: EtcdStore, prefix: string): Promise<LiveTransfer[]> {
  return liveTransfers(await store.list(transferWorkersPrefix(prefix)), prefix);
}

/**
 * Per topic, the consumer groups of the live workers that consume it (or will,
 * once it exists): an empty list means its lines would wait in Kafka, indexed by no one.
 */
export function targetTopicConsumers(
  topics: Iterable<string>,
  transfers: readonly LiveTransfer[],
  agentsPrefix: string,
  /** Whether a target names the topic (else only a worker's `[kafka] topics` or subscription can cover it). */
  namedByTarget: (topic: string) => boolean = () => true,
): Map<string, string[]> {
  const consumers = new Map<string, string[]>();
  for (const topic of topics) {
    const groups = new Set<string>();
    for (const { status } of transfers) if (status && transferConsumes(status, topic, agentsPrefix, namedByTarget(topic))) groups.add(status.group);
    consumers.set(topic, [...groups].sort());
  }
  return consumers;
}

/** What to do about topics nobody consumes, for one warning on stderr. */
export function unconsumedHint(topics: readonly string[], agentsPrefix: string, transferPrefix: string, anyTransfer: boolean): string {
  const named = topics.length === 1 ? `topic ${topics[0]}` : `topics ${topics.join(', ')}`;
  const why = anyTransfer
    ? `no live transfer consumes ${named}`
    : `no live transfer is registered under ${transferWorkersPrefix(transferPrefix)}, so nothing consumes ${named}`;
  return (
    `${why}: ${topics.length === 1 ? 'its' : 'their'} lines wait in Kafka. Run a transfer with [kafka] target_topics = true and ` +
    `[etcd] agents_prefix = ${agentsPrefix} (the default), or add the topic to its [kafka] topics. ` +
    'A transfer with [etcd] enabled = false does not register; `logctl status` also sees the consumer groups in Kafka'
  );
}
