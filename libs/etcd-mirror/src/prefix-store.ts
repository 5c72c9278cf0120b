/**
 * What the mirror needs from etcd: list a prefix, watch it from a revision, close. The etcd3
 * client implements it in `etcd3-prefix-store.ts`; the unit tests use a fake, so the mirror's
 * timing (shared attempts, resync on reconnect, backoff) is tested without a server.
 */

/** One key under a prefix, as listed or watched; `revision` is the key's mod_revision. */
export interface EtcdEntry {
  key: string;
  value: string;
  revision: string;
}

export interface PrefixListing {
  entries: EtcdEntry[];
  /** The store's revision when it answered: a watch from the next one misses nothing. */
  revision: bigint;
}

/** What a watch reports. All watches of one client share one stream, so they drop together. */
export interface PrefixWatchEvents {
  put(entry: EtcdEntry): void;
  delete(key: string): void;
  /** The stream dropped; the watch reconnects by itself. May repeat while it stays down. */
  disconnected(): void;
  /** The watch is attached again after a drop. */
  connected(): void;
  /** etcd cancelled the watch (e.g. its start revision was compacted); it does not recover. */
  error(err: unknown): void;
}

export interface PrefixWatch {
  /** Delivers the watch's events to `events` from now on. */
  follow(events: PrefixWatchEvents): void;
  cancel(): Promise<void>;
}

export interface PrefixStore {
  /** Every key under `prefix`; rejects when etcd has not answered by `deadline` (epoch ms). */
  list(prefix: string, deadline: number): Promise<PrefixListing>;
  /** Resolves once etcd has attached the watch; `startRevision` is the first change it reports. */
  watch(prefix: string, startRevision: bigint): Promise<PrefixWatch>;
  /** Ends the connection; calls still waiting on it fail. */
  close(): void;
}
