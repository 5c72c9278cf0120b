import { Counter, Gauge, type Registry } from 'prom-client';
import type { HostSample, HostSection } from './host-sample.js';

/**
 * The `host_*` metrics, all with a constant `host` label so dashboards can template on it across
 * the apps and instances that report the same machine.
 *
 * Values are pushed in by the collector after each refresh, never read during a scrape. Each
 * `update` first clears its section, so a filesystem that was unmounted or an interface that went
 * away stops being reported, and a section that could not be read disappears instead of repeating
 * stale numbers.
 *
 * Byte and operation counts since boot are Counters set to the OS value (reset, then inc by the
 * value), the way node_exporter exposes them: the type tells Grafana and PromQL linters to use
 * rate(), and a reboot resetting the OS counter is the counter reset Prometheus already handles.
 * A Gauge named `_total` would work with rate() too, but would mislabel what it is.
 */
export class HostMetrics {
  private readonly host: { host: string };
  private readonly writers: { [K in HostSection]: { clear(): void; write(value: HostSample[K]): void } };
  readonly collectErrors: Counter<'host' | 'source'>;
  readonly collectDuration: Gauge<'host' | 'source'>;

  constructor(registry: Registry, hostName: string) {
    this.host = { host: hostName };
    const host = this.host;
    const gauge = <L extends string = never>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<'host' | L>({ name, help, labelNames: ['host', ...labelNames], registers: [registry] });
    const counter = <L extends string = never>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<'host' | L>({ name, help, labelNames: ['host', ...labelNames], registers: [registry] });

    const cpuUsage = gauge('host_cpu_usage_ratio', 'Share of CPU time, all cores together, spent not idle since the previous refresh (0..1).');
    const load1 = gauge('host_load1', 'Load average over 1 minute.');
    const load5 = gauge('host_load5', 'Load average over 5 minutes.');
    const load15 = gauge('host_load15', 'Load average over 15 minutes.');
    const memTotal = gauge('host_memory_total_bytes', 'Physical memory of the host.');
    const memUsed = gauge('host_memory_used_bytes', 'Memory in use: total minus available, so page cache does not count as used.');
    const memAvailable = gauge('host_memory_available_bytes', 'Memory available to start new work without swapping (MemAvailable).');
    const swapTotal = gauge('host_swap_total_bytes', 'Swap space configured on the host.');
    const swapUsed = gauge('host_swap_used_bytes', 'Swap space in use.');
    const fsSize = gauge('host_filesystem_size_bytes', 'Size of the filesystem.', ['mount', 'fstype']);
    const fsUsed = gauge('host_filesystem_used_bytes', 'Space used on the filesystem.', ['mount', 'fstype']);
    const fsAvailable = gauge('host_filesystem_available_bytes', 'Space available to unprivileged users on the filesystem.', ['mount', 'fstype']);
    const netReceive = counter('host_network_receive_bytes_total', 'Bytes received by the interface since boot, as counted by the OS.', ['interface']);
    const netTransmit = counter('host_network_transmit_bytes_total', 'Bytes sent by the interface since boot, as counted by the OS.', ['interface']);
    const diskReads = counter('host_disk_reads_completed_total', 'Read operations completed by all disks since boot.');
    const diskWrites = counter('host_disk_writes_completed_total', 'Write operations completed by all disks since boot.');
    const diskRead = counter('host_disk_read_bytes_total', 'Bytes read from disks holding mounted filesystems since boot.');
    const diskWritten = counter('host_disk_written_bytes_total', 'Bytes written to disks holding mounted filesystems since boot.');

    this.collectErrors = counter(
      'host_metrics_collect_errors_total',
      'Host metric reads that failed or timed out, by source; their metrics are omitted until a read succeeds.',
      ['source'],
    );
    this.collectDuration = gauge('host_metrics_collect_duration_seconds', 'How long the latest read of each source took.', ['source']);

    const clear = (...metrics: Array<Gauge<string> | Counter<string>>) => () => metrics.forEach((m) => m.reset());
    // Counters cannot be set, but after reset() an inc by the OS value leaves exactly that value.
    const setCounter = <L extends string>(c: Counter<'host' | L>, value: number, labels?: Record<L, string>) => c.inc({ ...labels, ...host } as Record<'host' | L, string>, value);

    this.writers = {
      cpu: { clear: clear(cpuUsage), write: (v) => cpuUsage.set(host, v.usageRatio) },
      load: {
        clear: clear(load1, load5, load15),
        write: (v) => {
          load1.set(host, v.load1);
          load5.set(host, v.load5);
          load15.set(host, v.load15);
        },
      },
      memory: {
        clear: clear(memTotal, memUsed, memAvailable, swapTotal, swapUsed),
        write: (v) => {
          memTotal.set(host, v.totalBytes);
          memUsed.set(host, v.usedBytes);
          memAvailable.set(host, v.availableBytes);
          swapTotal.set(host, v.swapTotalBytes);
          swapUsed.set(host, v.swapUsedBytes);
        },
      },
      filesystem: {
        clear: clear(fsSize, fsUsed, fsAvailable),
        write: (list) => {
          for (const fs of list) {
            const labels = { ...host, mount: fs.mount, fstype: fs.fstype };
            fsSize.set(labels, fs.sizeBytes);
            fsUsed.set(labels, fs.usedBytes);
            fsAvailable.set(labels, fs.availableBytes);
          }
        },
      },
      network: {
        clear: clear(netReceive, netTransmit),
        write: (list) => {
          for (const i of list) {
            setCounter(netReceive, i.receiveBytes, { interface: i.interface });
            setCounter(netTransmit, i.transmitBytes, { interface: i.interface });
          }
        },
      },
      diskOps: {
        clear: clear(diskReads, diskWrites),
        write: (v) => {
          setCounter(diskReads, v.reads);
          setCounter(diskWrites, v.writes);
        },
      },
      diskBytes: {
        clear: clear(diskRead, diskWritten),
        write: (v) => {
          setCounter(diskRead, v.read);
          setCounter(diskWritten, v.written);
        },
      },
    };
  }

  /**
   * Replaces a section's series with `value`, or removes them when it is `undefined`. Runs
   * synchronously, so a concurrent scrape sees the section either before or after, never half.
   */
  update<K extends HostSection>(section: K, value: HostSample[K] | undefined): void {
    const writer = this.writers[section];
    writer.clear();
    if (value !== undefined) writer.write(value);
  }

  /** The labels of the collector's own metrics for one source. */
  sourceLabels(source: string): { host: string; source: string } {
    return { ...this.host, source };
  }
}
