import { Backoff, onceStop, sleep, type Logger } from '@logpipe/runtime';
import type { EtcdEntry, PrefixStore, PrefixWatch, PrefixWatchEvents } from './prefix-store.js';

/** A listing that gets no answer in this long is retried: a half-open connection must not stall a resync. */
const LISTING_DEADLINE_MS = 10_000;
/** stop() does not wait longer than this for etcd to confirm that the watches are cancelled. */
const CANCEL_TIMEOUT_MS = 1000;
/** Between failed attempts of a resync: soon after a blip, at most 10 s apart in a long outage. */
const RESYNC_BACKOFF = { initialMs: 500, maxMs: 10_000 };

/** What the mirror logs, in the words of what it mirrors (an agent's targets, the routes). */
export interface EtcdMirrorMessages {
  /** warn, once per drop of the watch stream (every watch reports the drop, repeatedly). */
  watchDisconnected: string;
  /** info, when the stream is back and a resync starts. */
  watchReconnected: string;
  /** warn with `err`, when etcd cancelled a watch; a resync starts. */
  watchFailed: string;
  /** warn with `err` and `retryInMs`, for each failed attempt of a resync. */
  resyncFailed: string;
}

export interface EtcdMirrorOptions {
  /** Owned by the mirror: stop() closes it. */
  store: PrefixStore;
  /** Key prefixes, each with its trailing slash; listed, then watched, in this order. */
  prefixes: readonly string[];
  logger: Logger;
  messages: EtcdMirrorMessages;
  /** A fresh listing of every prefix, full keys: it replaces all that was mirrored before. */
  onListing: (entries: EtcdEntry[]) => void;
  onPut: (entry: EtcdEntry) => void;
  onDelete: (key: string) => void;
  /** A resync() succeeded (its owner logs it, or marks itself ready). */
  onResynced: () => void;
}

/**
 * Mirrors the keys under one or more etcd prefixes into its owner: a listing of each prefix, then
 * a watch on it that begins right after that listing's revision, so no change between the two is
 * missed. When the watch stream reconnects, or etcd cancels a watch, a fresh listing
 * resynchronises, retried with backoff while etcd is unreachable. Every listing goes through one
 * shared attempt, so there is only ever one set of watches.
 *
 * Lifecycle: sync() or resync() starts it; stop() cancels the watches and closes the store, and
 * is safe to call twice. The owner keeps what the keys mean, and its last valid values.
 */
export class EtcdMirror {
  private readonly abort = new AbortController();
  /** Resolves on stop(): one promise, so each resync does not add a listener to the signal. */
  private readonly stopped = new Promise<void>((resolve) => this.abort.signal.addEventListener('abort', () => resolve(), { once: true }));
  private watches: PrefixWatch[] = [];
  private syncing: Promise<void> | undefined;
  private resyncing: Promise<void> | undefined;
  /** The stream is down (all watches share it): reported once, and resynced on reconnect. */
  private streamDown = false;
  private interrupted = false;
  private lastResyncError: unknown;

  constructor(private readonly options: EtcdMirrorOptions) {}

  /** Aborts once stop() is called. */
  get stopSignal(): AbortSignal {
    return this.abort.signal;
  }

  /** From a drop of the watch stream until a fresh listing is applied: etcd may have changed meanwhile. */
  get watchInterrupted(): boolean {
    return this.interrupted;
  }

  /** Why the latest attempt of a resync failed; undefined again once a resync succeeds. */
  get resyncError(): unknown {
    return this.lastResyncError;
  }

  /** One listing-and-watch attempt; concurrent callers (a start, the resync loop) share the one in flight. */
  sync(): Promise<void> {
    this.syncing ??= this.listAndWatch().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  /** Retries sync() with backoff, in the background, until it succeeds; concurrent calls share one loop. */
  resync(): void {
    this.resyncing ??= this.resyncUntilDone().finally(() => {
      this.resyncing = undefined;
    });
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    const timer = new AbortController();
    await Promise.race([Promise.allSettled(this.watches.map((w) => w.cancel())), sleep(CANCEL_TIMEOUT_MS, timer.signal)]);
    timer.abort();
    // Closing ends a listing still waiting for an unreachable etcd.
    this.options.store.close();
    await this.resyncing;
  });

  private async listAndWatch(): Promise<void> {
    await Promise.allSettled(this.watches.map((w) => w.cancel()));
    this.watches = [];
    const entries: EtcdEntry[] = [];
    const revisions: bigint[] = [];
    for (const prefix of this.options.prefixes) {
      const listing = await this.options.store.list(prefix, Date.now() + LISTING_DEADLINE_MS);
      revisions.push(listing.revision);
      for (const entry of listing.entries) entries.push(entry);
    }
    if (this.abort.signal.aborted) return;
    this.options.onListing(entries);
    this.streamDown = false;
    this.interrupted = false;
    for (const [index, prefix] of this.options.prefixes.entries()) {
      // Each watch begins right after its own prefix's listing: a change made between the two
      // listings is then neither missed nor applied twice.
      const watch = await this.options.store.watch(prefix, revisions[index]! + 1n);
      this.watches.push(watch);
      if (this.abort.signal.aborted) return;
      watch.follow(this.events);
    }
  }

  private async resyncUntilDone(): Promise<void> {
    const backoff = new Backoff(RESYNC_BACKOFF);
    while (!this.abort.signal.aborted) {
      try {
        // stop() need not wait for an attempt etcd may never answer: a watch is only created once
        // the stream connects, and the attempt's outcome no longer matters.
        await Promise.race([this.sync(), this.stopped]);
        if (this.abort.signal.aborted) return;
        this.lastResyncError = undefined;
        this.options.onResynced();
        return;
      } catch (err) {
        const delay = backoff.next();
        this.lastResyncError = err;
        this.options.logger.warn(this.options.messages.resyncFailed, { err, retryInMs: delay });
        await sleep(delay, this.abort.signal);
      }
    }
  }

  private readonly events: PrefixWatchEvents = {
    put: (entry) => this.options.onPut(entry),
    delete: (key) => this.options.onDelete(key),
    disconnected: () => {
      this.interrupted = true;
      if (this.streamDown) return;
      this.streamDown = true;
      this.options.logger.warn(this.options.messages.watchDisconnected);
    },
    // 'connected' also fires for a watch's first connect: only a reconnect calls for a resync.
    // etcd3 replays what the watch missed, but a listing is the only way to be sure the mirror
    // matches etcd after an outage (the missed revisions may have been compacted).
    connected: () => {
      if (!this.streamDown) return;
      this.streamDown = false;
      this.options.logger.info(this.options.messages.watchReconnected);
      this.resync();
    },
    error: (err) => {
      this.options.logger.warn(this.options.messages.watchFailed, { err });
      this.resync();
    },
  };
}
