import type { EtcdEntry, PrefixListing, PrefixStore, PrefixWatch, PrefixWatchEvents } from './prefix-store.js';

/** For the mirror's unit tests, not used by the apps: an in-memory etcd whose faults a test sets. */

/**
 * How the next listings behave: answered, refused at once, or held without an answer (a
 * half-open connection) until `release()`.
 */
export type ListingBehaviour = 'answer' | 'fail' | 'hold';

export class FakeWatch implements PrefixWatch {
  events: PrefixWatchEvents | undefined;
  cancelled = false;
  /** A cancel etcd never confirms. */
  cancelHangs = false;

  constructor(
    readonly prefix: string,
    readonly startRevision: bigint,
  ) {}

  follow(events: PrefixWatchEvents): void {
    this.events = events;
  }

  cancel(): Promise<void> {
    this.cancelled = true;
    return this.cancelHangs ? new Promise(() => {}) : Promise.resolve();
  }
}

export class FakePrefixStore implements PrefixStore {
  listing: ListingBehaviour = 'answer';
  /** Every list() call, by prefix, in order. */
  readonly listed: string[] = [];
  readonly deadlines: number[] = [];
  /** Every watch ever created, cancelled ones included. */
  readonly watches: FakeWatch[] = [];
  closed = false;
  private revision = 0n;
  private readonly keys = new Map<string, EtcdEntry>();
  private readonly held: (() => void)[] = [];
  /** While the stream is down, changes reach no watch (a listing still sees them). */
  private streamUp = true;

  /** Writes a key, and tells every live watch on its prefix, as etcd would. */
  put(key: string, value: string): void {
    const entry = { key, value, revision: String(++this.revision) };
    this.keys.set(key, entry);
    if (this.streamUp) for (const watch of this.liveWatches(key)) watch.events?.put(entry);
  }

  delete(key: string): void {
    this.revision++;
    this.keys.delete(key);
    if (this.streamUp) for (const watch of this.liveWatches(key)) watch.events?.delete(key);
  }

  /** The shared watch stream drops: every watch says so, as etcd3 does on each failed reconnect. */
  dropStream(times = 1): void {
    this.streamUp = false;
    for (let i = 0; i < times; i++) for (const watch of this.liveWatches()) watch.events?.disconnected();
  }

  reconnectStream(): void {
    this.streamUp = true;
    for (const watch of this.liveWatches()) watch.events?.connected();
  }

  /** The watches not cancelled; with a key, only those whose prefix holds it. */
  liveWatches(key?: string): FakeWatch[] {
    return this.watches.filter((w) => !w.cancelled && (key === undefined || key.startsWith(w.prefix)));
  }

  async list(prefix: string, deadline: number): Promise<PrefixListing> {
    this.listed.push(prefix);
    this.deadlines.push(deadline);
    if (this.listing === 'hold') await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.listing === 'fail') throw new Error('14 UNAVAILABLE: connect ECONNREFUSED');
    return { entries: [...this.keys.values()].filter((e) => e.key.startsWith(prefix)), revision: this.revision };
  }

  async watch(prefix: string, startRevision: bigint): Promise<PrefixWatch> {
    const watch = new FakeWatch(prefix, startRevision);
    this.watches.push(watch);
    return watch;
  }

  /** Held listings answer, and so do the next ones. */
  release(): void {
    this.listing = 'answer';
    for (const answer of this.held.splice(0)) answer();
  }

  close(): void {
    this.closed = true;
  }
}
