import { errors, type Client } from '@elastic/elasticsearch';
import type { HealthCheck } from '@logpipe/metrics';
import { onceStop, sleep, type Logger, type Service } from '@logpipe/runtime';
import type { TransferMetrics } from '../transfer-metrics.js';

export interface ElasticsearchProbeOptions {
  client: Client;
  metrics: TransferMetrics;
  logger: Logger;
  intervalMs?: number;
  /**
   * How long Elasticsearch may stay unreachable before `/healthz` says so. Short outages are
   * ridden out by the bulk retries (nothing is committed meanwhile), and restarting the transfer
   * would not bring Elasticsearch back, so only a long one is worth a failed probe.
   */
  unhealthyAfterMs?: number;
  now?: () => number;
}

/**
 * Asks Elasticsearch for its cluster health every few seconds, so `/healthz` knows whether it
 * is reachable even while no documents flow. Any HTTP answer below 500 counts as reachable (a
 * user without the `monitor` privilege gets a 403, from a live server); no answer, or a 5xx from
 * a proxy in front of it, does not.
 */
export class ElasticsearchProbe implements Service {
  readonly name = 'elasticsearch-probe';
  private readonly abort = new AbortController();
  private readonly state: ReachabilityState;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: ElasticsearchProbeOptions) {
    this.state = new ReachabilityState(options.unhealthyAfterMs ?? 60_000, options.now ?? Date.now);
  }

  async start(): Promise<void> {
    this.loop = this.run();
  }

  readonly stop = onceStop(async () => {
    this.abort.abort();
    await this.loop;
  });

  health(): HealthCheck {
    return this.state.check();
  }

  private async run(): Promise<void> {
    const { client, metrics, logger, intervalMs = 5000 } = this.options;
    while (!this.abort.signal.aborted) {
      const error = await client.cluster.health({ local: true }, { requestTimeout: intervalMs, maxRetries: 0 }).then(
        () => undefined,
        (err: unknown) => (err instanceof errors.ResponseError && err.statusCode !== undefined && err.statusCode < 500 ? undefined : (err as Error)),
      );
      const wasReachable = this.state.reachable;
      if (error) this.state.failed(error.message);
      else this.state.succeeded();
      metrics.elasticsearchReachable.set(this.state.reachable ? 1 : 0);
      if (wasReachable && !this.state.reachable) logger.warn('Elasticsearch is unreachable', { err: error });
      if (!wasReachable && this.state.reachable) logger.info('Elasticsearch is reachable again');
      await sleep(intervalMs, this.abort.signal);
    }
  }
}

/** Since when Elasticsearch has not answered, and whether that is long enough to be unhealthy. */
export class ReachabilityState {
  private unreachableSince: number | undefined;
  private lastError = '';

  constructor(
    private readonly unhealthyAfterMs: number,
    private readonly now: () => number,
  ) {}

  get reachable(): boolean {
    return this.unreachableSince === undefined;
  }

  succeeded(): void {
    this.unreachableSince = undefined;
  }

  failed(error: string): void {
    this.unreachableSince ??= this.now();
    this.lastError = error;
  }

  check(): HealthCheck {
    if (this.unreachableSince === undefined) return { ok: true, detail: 'reachable' };
    const seconds = Math.round((this.now() - this.unreachableSince) / 1000);
    return {
      ok: this.now() - this.unreachableSince <= this.unhealthyAfterMs,
      detail: `unreachable for ${seconds} s (unhealthy after ${this.unhealthyAfterMs / 1000} s): ${this.lastError}`,
    };
  }
}
