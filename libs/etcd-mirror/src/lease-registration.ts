import { Etcd3, EtcdLeaseInvalidError, type IOptions, type Lease } from 'etcd3';
import { Backoff, onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { EtcdAccess } from './etcd-access.js';
import { explainEtcdError } from './etcd-access-error.js';

/** An etcd call that gets no answer in this long fails, so a half-open connection cannot hang shutdown. */
const CALL_DEADLINE_MS = 3000;

/** When this process started: a status says since when the process has been up. */
export const STARTED_AT = new Date(Math.round(performance.timeOrigin));

export interface LeaseRegistrationOptions {
  etcd: IOptions;
  /** With it, a refusal (password, permission, TLS) is logged saying what to fix. */
  access?: EtcdAccess;
  /** The full key, e.g. `<prefix>/<agent>/status`. */
  key: string;
  /** Who registers, in log messages: `agent` logs "agent registered in etcd". */
  who: string;
  /** Lease TTL: how long the key outlives a process that died without revoking it. */
  ttlMs: number;
  /** The value now, compared on every refresh; only asked once the process runs (its metrics server has bound by then). */
  value: () => Promise<string>;
  logger: Logger;
  /** How often the value is compared and, when it changed, written again (at most one put per interval). */
  refreshIntervalMs?: number;
}

/**
 * Registers a process under a key with a lease, so the key exists exactly while the process is
 * alive: `stop()` revokes the lease and the key disappears at once; after a crash etcd deletes it
 * when the lease's TTL runs out. When the lease is lost (etcd was unreachable for longer than the
 * TTL), a new one is granted and the key written again as soon as etcd answers. The process
 * works whether or not this does: registration never blocks it. The agent registers its status
 * this way, and so does each transfer worker.
 */
export class LeaseRegistration implements Service {
  readonly name = 'etcd-registration';
  private readonly client: Etcd3;
  private readonly key: string;
  private readonly ttlSeconds: number;
  private readonly abort = new AbortController();
  private lease: { lease: Lease; id: string } | undefined;
  /** The lease and value of the last successful put: a put is needed when either changed. */
  private written: { lease: Lease; value: string } | undefined;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: LeaseRegistrationOptions) {
    this.client = new Etcd3(options.etcd);
    this.key = options.key;
    // etcd leases have whole seconds; round up so the key never expires sooner than configured.
    this.ttlSeconds = Math.max(1, Math.ceil(options.ttlMs / 1000));
  }

  /** Returns at once: the first registration happens in the background, so etcd being down never delays collection. */
  async start(): Promise<void> {
    this.loop = this.run();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    this.wakeUp?.();
    await this.loop;
    const lease = this.lease?.lease;
    this.lease = undefined;
    if (lease) {
      try {
        await lease.revoke({ deadline: Date.now() + CALL_DEADLINE_MS });
        this.options.logger.info(`${this.options.who} unregistered from etcd`, { key: this.key });
      } catch (err) {
        // Revoking needs write permission on every key of the lease: here, the status key.
        const explained = await this.explain(err, `revoking the lease of ${this.key}`);
        this.options.logger.warn(`could not revoke the etcd lease; ${this.key} disappears within its TTL`, { key: this.key, ttlSeconds: this.ttlSeconds, err: explained });
      }
    }
    this.client.close();
  });

  private async run(): Promise<void> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 10_000 });
    while (!this.abort.signal.aborted) {
      let waitMs = this.options.refreshIntervalMs ?? 1000;
      try {
        await this.register();
        backoff.reset();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        waitMs = backoff.next();
        const explained = await this.explain(err, `writing ${this.key}`);
        this.options.logger.warn(`could not register the ${this.options.who} in etcd; retrying`, { key: this.key, err: explained, retryInMs: waitMs });
      }
      await this.sleep(waitMs);
    }
  }

  /** Grants a lease when there is none, and writes the status when it or the lease changed. */
  private async register(): Promise<void> {
    const { lease, id } = this.lease ?? (await this.grant());
    const value = await this.options.value();
    if (this.written?.lease === lease && this.written.value === value) return;
    try {
      // Through the client, not lease.put(): that path drops call options such as the deadline.
      await this.client.put(this.key).value(value).lease(id).options({ deadline: Date.now() + CALL_DEADLINE_MS }).exec();
    } catch (err) {
      // etcd already expired the lease: grant a new one on the retry instead of waiting for
      // the keepalive to notice.
      if (err instanceof EtcdLeaseInvalidError && this.lease?.lease === lease) {
        this.lease = undefined;
        lease.release();
      }
      throw err;
    }
    if (this.written?.lease !== lease) {
      this.options.logger.info(`${this.options.who} registered in etcd`, { key: this.key, ttlSeconds: this.ttlSeconds });
    }
    this.written = { lease, value };
  }

  private async grant(): Promise<{ lease: Lease; id: string }> {
    const lease = this.client.lease(this.ttlSeconds, { deadline: Date.now() + CALL_DEADLINE_MS });
    // A failed grant also emits 'lost'; only a lease that was granted is ours to lose.
    const id = await lease.grant();
    lease.on('lost', (err) => {
      if (this.lease?.lease !== lease) return;
      this.lease = undefined;
      if (this.abort.signal.aborted) return;
      this.options.logger.warn(`etcd lease of the ${this.options.who} status lost; registering again`, { key: this.key, err });
      this.wakeUp?.();
    });
    this.lease = { lease, id };
    return this.lease;
  }

  /** The error, or what to fix when etcd refused us (see explainEtcdError). */
  private async explain(err: unknown, doing: string): Promise<unknown> {
    return this.options.access ? explainEtcdError(err, this.options.access, doing, `write on the key ${this.key}`) : err;
  }

  /** Sleeps until the next refresh, a lost lease or stop(), whichever comes first. */
  private sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.wakeUp = () => controller.abort();
    return sleep(ms, AbortSignal.any([controller.signal, this.abort.signal])).finally(() => {
      this.wakeUp = undefined;
    });
  }
}
