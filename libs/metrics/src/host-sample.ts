import type { HostSource } from './host-source.js';

/**
 * What one refresh reads about the host, one section per systeminformation call. Each section is
 * read, timed, and reported on its own, so one failing call costs only its own metrics.
 */
export interface HostSample {
  cpu: { usageRatio: number };
  load: { load1: number; load5: number; load15: number };
  memory: { totalBytes: number; usedBytes: number; availableBytes: number; swapTotalBytes: number; swapUsedBytes: number };
  filesystem: Array<{ mount: string; fstype: string; sizeBytes: number; usedBytes: number; availableBytes: number }>;
  network: Array<{ interface: string; receiveBytes: number; transmitBytes: number }>;
  diskOps: { reads: number; writes: number };
  diskBytes: { read: number; written: number };
}

export type HostSection = keyof HostSample;

/**
 * Interfaces and mounts left out, so labels stay low-cardinality: container runtimes create one
 * veth interface and several mounts per container, and each would be a series that lives as long
 * as the container.
 */
export interface HostFilters {
  excludeInterfaces: RegExp;
  excludeMounts: RegExp;
}

export const DEFAULT_HOST_FILTERS: HostFilters = {
  excludeInterfaces: /^(veth|cali|lxc|flannel|cni|vxlan)/,
  excludeMounts: /^\/(var\/lib\/(docker|containers|kubelet)|run\/(containerd|docker|k3s|netns)|snap)\//,
};

/** Reads one section; `undefined` means "this host cannot tell", and its metrics are omitted. */
export type SectionReader<K extends HostSection> = (source: HostSource, filters: HostFilters) => Promise<HostSample[K] | undefined>;

/** The `source` label value of each section on the collector's own metrics. */
export const SECTION_LABELS: Record<HostSection, string> = {
  cpu: 'cpu',
  load: 'load',
  memory: 'memory',
  filesystem: 'filesystem',
  network: 'network',
  diskOps: 'disk_ops',
  diskBytes: 'disk_bytes',
};

export const HOST_SECTIONS = Object.keys(SECTION_LABELS) as HostSection[];

export const sectionReaders: { [K in HostSection]: SectionReader<K> } = {
  async cpu(source) {
    // systeminformation reports percent; Prometheus convention is a 0..1 ratio.
    const { currentLoad } = await source.currentLoad();
    return finite(currentLoad) ? { usageRatio: Math.min(1, Math.max(0, currentLoad / 100)) } : undefined;
  },

  async load(source) {
    const [load1, load5, load15] = source.loadavg();
    return finite(load1) && finite(load5) && finite(load15) ? { load1, load5, load15 } : undefined;
  },

  async memory(source) {
    const mem = await source.mem();
    if (!finite(mem.total) || mem.total <= 0 || !finite(mem.available)) return undefined;
    return {
      totalBytes: mem.total,
      // systeminformation's `used` is total - free, which counts the page cache as used: on a
      // host that tails log files it would always look full. total - available is what
      // processes really hold, and makes used + available = total on the dashboard.
      usedBytes: mem.total - mem.available,
      availableBytes: mem.available,
      swapTotalBytes: mem.swaptotal,
      swapUsedBytes: mem.swapused,
    };
  },

  async filesystem(source, filters) {
    // systeminformation already drops tmpfs, devtmpfs, overlay roots and the like; size 0 catches
    // the pseudo filesystems that slip through (and the odd FUSE mount that reports nothing).
    const filesystems = await source.fsSize();
    return filesystems
      .filter((fs) => finite(fs.size) && fs.size > 0 && fs.mount !== '' && !filters.excludeMounts.test(fs.mount))
      .map((fs) => ({ mount: fs.mount, fstype: fs.type, sizeBytes: fs.size, usedBytes: fs.used, availableBytes: fs.available }));
  },

  async network(source, filters) {
    // A failed read of /sys/class/net comes back as zeros, not an error. Reported, it would look
    // like a counter reset and rate() would show a spike, so an all-zero interface is left out:
    // an interface that truly moved no bytes loses nothing by being absent.
    const interfaces = await source.networkStats('*');
    return interfaces
      .filter((i) => finite(i.rx_bytes) && finite(i.tx_bytes) && i.rx_bytes + i.tx_bytes > 0 && !filters.excludeInterfaces.test(i.iface))
      .map((i) => ({ interface: i.iface, receiveBytes: i.rx_bytes, transmitBytes: i.tx_bytes }));
  },

  async diskOps(source) {
    // null where there is no block device view (containers, Windows); all zeros when lsblk is
    // missing or fails. Neither is a real count since boot, so both mean "unknown".
    const io = await source.disksIO();
    if (!io || !finite(io.rIO) || !finite(io.wIO) || io.rIO + io.wIO === 0) return undefined;
    return { reads: io.rIO, writes: io.wIO };
  },

  async diskBytes(source) {
    const fs = await source.fsStats();
    if (!fs || !finite(fs.rx) || !finite(fs.wx) || fs.rx + fs.wx === 0) return undefined;
    return { read: fs.rx, written: fs.wx };
  },
};

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
