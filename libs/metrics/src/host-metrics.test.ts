// Host metrics read from THIS machine through the whole stack: systeminformation, the collector,
// the registry and the HTTP server. Expected values come from the kernel directly, so the test
// fails if a metric is mislabelled, mis-scaled or stale. Linux only, like the hosts we run on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import { loadavg, totalmem } from 'node:os';
import { createLogger } from '@logpipe/runtime';
import { HostMetricsCollector } from './host-metrics-collector.js';
import { type HostSource, systemHostSource } from './host-source.js';
import { MetricsServer } from './metrics-server.js';
import { createMetrics } from './registry.js';
import { type Sample, find, one, scrape } from './test-scrape.js';

const hostName = 'test-host-1';

function interfaceCounters(): Map<string, { rx: number; tx: number }> {
  const counters = new Map<string, { rx: number; tx: number }>();
  for (const name of readdirSync('/sys/class/net')) {
    const read = (file: string) => Number(readFileSync(`/sys/class/net/${name}/statistics/${file}`, 'utf8'));
    counters.set(name, { rx: read('rx_bytes'), tx: read('tx_bytes') });
  }
  return counters;
}

/** Sums over every line of /proc/diskstats: partitions double-count, so these are upper bounds. */
function diskstatsUpperBounds(): { reads: number; writes: number; readBytes: number; writtenBytes: number } {
  const sums = { reads: 0, writes: 0, readBytes: 0, writtenBytes: 0 };
  for (const line of readFileSync('/proc/diskstats', 'utf8').trim().split('\n')) {
    const f = line.trim().split(/\s+/).map(Number);
    sums.reads += f[3]!;
    sums.readBytes += f[5]! * 512;
    sums.writes += f[7]!;
    sums.writtenBytes += f[9]! * 512;
  }
  return sums;
}

function meminfoBytes(key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'));
  assert.ok(match, `${key} missing from /proc/meminfo`);
  return Number(match[1]) * 1024;
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

void test('a scrape of a started server has this machine\'s host metrics, read in the background', async (t) => {
  let calls = 0;
  const counted = Object.fromEntries(
    Object.entries(systemHostSource).map(([key, fn]) => [key, (...args: never[]) => (calls++, (fn as (...a: never[]) => unknown)(...args))]),
  ) as unknown as HostSource;

  const interfacesBefore = interfaceCounters();
  const registry = createMetrics({ app: 'logagent' });
  const logger = createLogger({ write: () => {} });
  const collector = new HostMetricsCollector({ registry, hostName, logger, source: counted });
  const server = new MetricsServer({ listen: '127.0.0.1:0', registry, logger, health: () => ({ healthy: true, checks: {} }) });
  const startedAt = performance.now();
  const loadBefore = loadavg();
  await collector.start();
  const loadAfter = loadavg();
  t.diagnostic(`collector start (first refresh) took ${Math.round(performance.now() - startedAt)} ms`);
  await server.start();
  t.after(async () => {
    await server.stop();
    await collector.stop();
  });

  const callsAfterStart = calls;
  const result = await scrape(`${server.url}/metrics`);
  await scrape(`${server.url}/metrics`);
  assert.equal(calls, callsAfterStart, 'scrapes must read cached values, not call systeminformation');
  assert.equal(result.status, 200);
  const s = result.samples;
  const interfacesAfter = interfaceCounters();
  const disks = diskstatsUpperBounds();

  for (const d of find(s, 'host_metrics_collect_duration_seconds')) t.diagnostic(`${d.labels.source}: ${(d.value * 1000).toFixed(1)} ms`);
  for (const e of find(s, 'host_metrics_collect_errors_total')) assert.equal(e.value, 0, `errors reading ${e.labels.source}`);
  const hostSamples = s.filter((x) => x.name.startsWith('host_'));
  for (const sample of hostSamples) assert.deepEqual([sample.labels.host, sample.labels.app], [hostName, 'logagent'], sample.name);

  const cpu = one(s, 'host_cpu_usage_ratio').value;
  assert.ok(cpu >= 0 && cpu <= 1, `cpu usage ratio ${cpu}`);
  // The collector read os.loadavg() once, in start(); the kernel updates it every 5 s, so it read
  // what loadavg() said just before or just after start(). Not near a later reading: on a busy
  // machine a burst of load can move load1 by more than any tolerance between the two reads.
  for (const [i, name] of (['host_load1', 'host_load5', 'host_load15'] as const).entries()) {
    const value = one(s, name).value;
    assert.ok(value === loadBefore[i] || value === loadAfter[i], `${name} ${value} is neither ${loadBefore[i]} (before start) nor ${loadAfter[i]} (after)`);
  }

  const memTotal = one(s, 'host_memory_total_bytes').value;
  assert.equal(memTotal, totalmem());
  const available = one(s, 'host_memory_available_bytes').value;
  assert.ok(available > 0 && available < memTotal);
  assert.equal(one(s, 'host_memory_used_bytes').value + available, memTotal);
  near(available, meminfoBytes('MemAvailable'), memTotal * 0.05, 'available memory vs /proc/meminfo');
  assert.equal(one(s, 'host_swap_total_bytes').value, meminfoBytes('SwapTotal'));
  assert.ok(one(s, 'host_swap_used_bytes').value <= meminfoBytes('SwapTotal'));

  const root = statfsSync('/');
  const rootSize = one(s, 'host_filesystem_size_bytes', { mount: '/' });
  assert.notEqual(rootSize.labels.fstype, '');
  near(rootSize.value, root.blocks * root.bsize, root.blocks * root.bsize * 0.01, 'size of /');
  near(one(s, 'host_filesystem_used_bytes', { mount: '/' }).value, (root.blocks - root.bfree) * root.bsize, 1024 ** 3, 'used on /');
  near(one(s, 'host_filesystem_available_bytes', { mount: '/' }).value, root.bavail * root.bsize, 1024 ** 3, 'available on /');
  for (const fs of find(s, 'host_filesystem_size_bytes')) assert.ok(fs.value > 0, `${fs.labels.mount} has size 0`);

  // Every reported interface lies between what the kernel counted before start and after the scrape.
  const received = find(s, 'host_network_receive_bytes_total');
  assert.ok(received.some((x) => x.labels.interface === 'lo'), 'lo is reported');
  for (const [metric, key] of [['host_network_receive_bytes_total', 'rx'], ['host_network_transmit_bytes_total', 'tx']] as const) {
    for (const sample of find(s, metric)) {
      const name = sample.labels.interface!;
      assert.ok(interfacesAfter.has(name), `${name} is not in /sys/class/net`);
      assert.ok(sample.value >= interfacesBefore.get(name)![key] && sample.value <= interfacesAfter.get(name)![key], `${metric}{interface="${name}"} = ${sample.value}`);
    }
  }
  for (const [name, counters] of interfacesBefore) {
    if (counters.rx + counters.tx > 0) assert.equal(find(received, 'host_network_receive_bytes_total', { interface: name }).length, 1, `${name} missing`);
  }

  // Disk counters are host-wide sums; where this machine has them they must be real, nonzero and
  // no larger than the kernel's totals. Where systeminformation cannot read them they must be absent.
  const inRange = (sample: Sample[], upper: number) => sample.length === 1 && sample[0]!.value > 0 && sample[0]!.value <= upper;
  const diskOps = find(s, 'host_disk_reads_completed_total');
  if (diskOps.length > 0) {
    assert.ok(inRange(diskOps, disks.reads), `reads ${diskOps[0]?.value} vs ${disks.reads}`);
    assert.ok(one(s, 'host_disk_writes_completed_total').value <= disks.writes);
  } else {
    t.diagnostic('disk operation counters unavailable here');
    assert.deepEqual(find(s, 'host_disk_writes_completed_total'), []);
  }
  const diskBytes = find(s, 'host_disk_read_bytes_total');
  if (diskBytes.length > 0) {
    assert.ok(inRange(diskBytes, disks.readBytes), `read bytes ${diskBytes[0]?.value} vs ${disks.readBytes}`);
    assert.ok(one(s, 'host_disk_written_bytes_total').value <= disks.writtenBytes);
  } else {
    t.diagnostic('disk byte counters unavailable here');
    assert.deepEqual(find(s, 'host_disk_written_bytes_total'), []);
  }
  // systeminformation finds disks with lsblk; where lsblk lists a mounted disk, omitting is a bug.
  const lsblk = spawnSync('lsblk', ['-rno', 'TYPE,MOUNTPOINT'], { encoding: 'utf8' });
  if (lsblk.status === 0 && /^disk \//m.test(lsblk.stdout)) {
    assert.equal(diskOps.length, 1, 'disk operations missing on a host with a block device');
    assert.equal(diskBytes.length, 1, 'disk bytes missing on a host with a block device');
  }
});
