import type { Registry } from 'prom-client';
import { type Logger, type Service, onceStop } from '@logpipe/runtime';
import {
  DEFAULT_HOST_FILTERS,
  HOST_SECTIONS,
  type HostFilters,
  type HostSection,
  SECTION_LABELS,
  type SectionReader,
  sectionReaders,
} from './host-sample.js';
import { HostMetrics } from './host-metrics.js';
import { type HostSource, systemHostSource } from './host-source.js';
import { withTimeout } from './with-timeout.js';

export interface HostMetricsCollectorOptions {
  registry: Registry;
  /** The `host` label value; the same name the events carry in `host.name`. */
  hostName: string;
  logger: Logger;
  /** Time between the end of one refresh and the start of the next. */
  intervalMs?: number;
  /** Longest wait for any one systeminformation call before it counts as an error. */
  timeoutMs?: number;
  /** Network interfaces and mount points not to report; defaults skip per-container ones. */
  filters?: Partial<HostFilters>;
  /** Defaults to the real machine; tests pass a fake one. */
  source?: HostSource;
}

type SectionState = 'ok' | 'unavailable' | 'failing';

/**
 * Reads host metrics in the background and stores them in the registry, so that a scrape only
 * formats numbers already there. systeminformation shells out (lsblk, df, cat) and its first CPU
 * read waits half a second, which is too slow and too unbounded to do inside every scrape.
 *
 * `start()` runs the first refresh before it resolves, so the first scrape has data. Refreshes
 * are chained with setTimeout rather than setInterval, so a slow one can never overlap the next.
 * A section that fails or times out is logged (once, until it recovers), counted in
 * `host_metrics_collect_errors_total`, and its metrics are omitted; nothing is thrown.
 */
export class HostMetricsCollector implements Service {
  readonly name = 'host-metrics';
  private readonly metrics: HostMetrics;
  private readonly logger: Logger;
  private readonly source: HostSource;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly filters: HostFilters;
  private readonly states = new Map<HostSection, SectionState>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(options: HostMetricsCollectorOptions) {
    this.metrics = new HostMetrics(options.registry, options.hostName);
    this.logger = options.logger.child({ service: this.name });
    this.source = options.source ?? systemHostSource;
    this.intervalMs = options.intervalMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.filters = { ...DEFAULT_HOST_FILTERS, ...options.filters };
    // Start every error series at 0, so increase() sees the first failure instead of its absence.
    for (const section of HOST_SECTIONS) this.metrics.collectErrors.inc(this.metrics.sourceLabels(SECTION_LABELS[section]), 0);
  }

  async start(): Promise<void> {
    if (this.stopped) throw new Error('host metrics collector was stopped and cannot be restarted');
    await this.refresh();
    this.schedule();
  }

  /** Waits for a refresh in flight (bounded by `timeoutMs`), so nothing writes after stop. */
  readonly stop = onceStop(async () => {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  });

  /**
   * Reads every section now and updates the metrics. Concurrent callers share one refresh.
   * Never rejects: failures end up in the log and the error counter.
   */
  refresh(): Promise<void> {
    this.inFlight ??= Promise.all(HOST_SECTIONS.map((section) => this.refreshSection(section))).then(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, this.intervalMs);
    // Host metrics alone must never keep the process alive.
    this.timer.unref();
  }

  private async refreshSection<K extends HostSection>(section: K): Promise<void> {
    const label = SECTION_LABELS[section];
    const labels = this.metrics.sourceLabels(label);
    const read = sectionReaders[section] as SectionReader<K>;
    const started = performance.now();
    try {
      const value = await withTimeout(read(this.source, this.filters), this.timeoutMs, `reading host ${label} metrics`);
      if (this.stopped) return;
      this.metrics.update(section, value);
      this.transition(section, value === undefined ? 'unavailable' : 'ok');
    } catch (err) {
      if (this.stopped) return;
      this.metrics.update(section, undefined);
      this.metrics.collectErrors.inc(labels);
      this.transition(section, 'failing', err);
    } finally {
      this.metrics.collectDuration.set(labels, (performance.now() - started) / 1000);
    }
  }

  /** Logs when a section changes state, not on every refresh, so a broken source is one line. */
  private transition(section: HostSection, next: SectionState, err?: unknown): void {
    const previous = this.states.get(section);
    this.states.set(section, next);
    if (previous === next) return;
    const source = SECTION_LABELS[section];
    if (next === 'failing') this.logger.warn('reading host metrics failed; omitting them until a read succeeds', { source, err });
    else if (next === 'unavailable') this.logger.info('host metrics unavailable on this host; omitting them', { source });
    else if (previous !== undefined) this.logger.info('host metrics readable again', { source });
  }
}
