import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger, waitFor } from '@logpipe/runtime';
import { HostMetricsCollector, type HostMetricsCollectorOptions } from './host-metrics-collector.js';
import type { HostSource } from './host-source.js';
import { createMetrics } from './registry.js';
import { find, one, parseSamples } from './test-scrape.js';

/** A small, fully known host; tests override single calls to make them fail, hang or go empty. */
function fakeSource(overrides: Partial<HostSource> = {}): HostSource & { calls: number } {
  const source = {
    calls: 0,
    currentLoad: async () => {
      source.calls++;
      return { currentLoad: 42.5 };
    },
    loadavg: () => [1.5, 0.75, 0.25],
    mem: async () => ({ total: 8_000, available: 6_000, swaptotal: 2_000, swapused: 500 }),
    fsSize: async () => [
      { mount: '/', type: 'ext4', size: 1_000, used: 400, available: 550 },
      { mount: '/proc/fake', type: 'fakefs', size: 0, used: 0, available: 0 },
      { mount: '/var/lib/docker/overlay2/abc/merged', type: 'overlay', size: 1_000, used: 400, available: 550 },
    ],
    networkStats: async () => [
      { iface: 'lo', rx_bytes: 10, tx_bytes: 10 },
      { iface: 'eth0', rx_bytes: 7_000, tx_bytes: 3_000 },
      { iface: 'eth9', rx_bytes: 0, tx_bytes: 0 },
      { iface: 'veth3f2a1b', rx_bytes: 5, tx_bytes: 5 },
    ],
    disksIO: async () => ({ rIO: 11, wIO: 22 }),
    fsStats: async () => ({ rx: 4_096, wx: 8_192 }),
    ...overrides,
  };
  return source;
}

function setup(overrides: Partial<HostSource> = {}, options: Partial<HostMetricsCollectorOptions> = {}) {
  const registry = createMetrics({ app: 'logtransfer' });
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) });
  const source = fakeSource(overrides);
  const collector = new HostMetricsCollector({ registry, hostName: 'web-1', logger, source, ...options });
  const samples = async () => parseSamples(await registry.metrics());
  return { registry, logs, source, collector, samples };
}

const host = { host: 'web-1' };

void test('start reads every section once and maps it onto host_* metrics with the host label', async () => {
  const { collector, samples } = setup();
  await collector.start();
  const s = await samples();
  await collector.stop();

  assert.equal(one(s, 'host_cpu_usage_ratio', host).value, 0.425);
  assert.equal(one(s, 'host_load1', host).value, 1.5);
  assert.equal(one(s, 'host_load5', host).value, 0.75);
  assert.equal(one(s, 'host_load15', host).value, 0.25);
  assert.equal(one(s, 'host_memory_total_bytes', host).value, 8_000);
  assert.equal(one(s, 'host_memory_used_bytes', host).value, 2_000, 'used is total - available');
  assert.equal(one(s, 'host_memory_available_bytes', host).value, 6_000);
  assert.equal(one(s, 'host_swap_total_bytes', host).value, 2_000);
  assert.equal(one(s, 'host_swap_used_bytes', host).value, 500);
  assert.deepEqual(find(s, 'host_filesystem_size_bytes'), [
    { name: 'host_filesystem_size_bytes', labels: { app: 'logtransfer', host: 'web-1', mount: '/', fstype: 'ext4' }, value: 1_000 },
  ]);
  assert.equal(one(s, 'host_filesystem_used_bytes', { mount: '/' }).value, 400);
  assert.equal(one(s, 'host_filesystem_available_bytes', { mount: '/' }).value, 550);
  assert.deepEqual(find(s, 'host_network_receive_bytes_total').map((x) => [x.labels.interface, x.value]), [['lo', 10], ['eth0', 7_000]]);
  assert.deepEqual(find(s, 'host_network_transmit_bytes_total').map((x) => [x.labels.interface, x.value]), [['lo', 10], ['eth0', 3_000]]);
  assert.equal(one(s, 'host_disk_reads_completed_total', host).value, 11);
  assert.equal(one(s, 'host_disk_writes_completed_total', host).value, 22);
  assert.equal(one(s, 'host_disk_read_bytes_total', host).value, 4_096);
  assert.equal(one(s, 'host_disk_written_bytes_total', host).value, 8_192);

  const sources = ['cpu', 'load', 'memory', 'filesystem', 'network', 'disk_ops', 'disk_bytes'];
  assert.deepEqual(find(s, 'host_metrics_collect_errors_total').map((x) => [x.labels.source, x.value]), sources.map((x) => [x, 0]));
  assert.deepEqual(find(s, 'host_metrics_collect_duration_seconds').map((x) => x.labels.source).sort(), [...sources].sort());
  for (const sample of s.filter((x) => x.name.startsWith('host_'))) assert.equal(sample.labels.host, 'web-1', sample.name);
});

void test('interface and mount filters can be replaced', async () => {
  const { collector, samples } = setup({}, { filters: { excludeInterfaces: /^lo$/ } });
  await collector.start();
  const s = await samples();
  await collector.stop();
  assert.deepEqual(find(s, 'host_network_receive_bytes_total').map((x) => x.labels.interface), ['eth0', 'veth3f2a1b']);
  assert.deepEqual(find(s, 'host_filesystem_size_bytes').map((x) => x.labels.mount), ['/'], 'the default mount filter still applies');
});

void test('the counters are exposed with counter type and the OS value, not an increment of it', async () => {
  const { collector, registry } = setup();
  await collector.start();
  await collector.refresh();
  await collector.refresh();
  const text = await registry.metrics();
  await collector.stop();
  assert.match(text, /^# TYPE host_network_receive_bytes_total counter$/m);
  assert.match(text, /^# TYPE host_disk_read_bytes_total counter$/m);
  assert.match(text, /^# TYPE host_memory_total_bytes gauge$/m);
  assert.equal(one(parseSamples(text), 'host_network_receive_bytes_total', { interface: 'eth0' }).value, 7_000);
});

void test('a failing call is counted every time, logged once, and omits only its own metrics until it recovers', async () => {
  let broken = true;
  const { collector, samples, logs } = setup({
    networkStats: async () => {
      if (broken) throw new Error('cannot read /sys/class/net');
      return [{ iface: 'eth0', rx_bytes: 5, tx_bytes: 6 }];
    },
  });
  await collector.start();
  await collector.refresh();
  let s = await samples();
  assert.equal(one(s, 'host_metrics_collect_errors_total', { source: 'network' }).value, 2);
  assert.equal(one(s, 'host_metrics_collect_errors_total', { source: 'memory' }).value, 0);
  assert.deepEqual(find(s, 'host_network_receive_bytes_total'), []);
  assert.equal(one(s, 'host_memory_total_bytes').value, 8_000, 'other sections are unaffected');
  const warnings = logs.filter((l) => l['log.level'] === 'warn');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.source, 'network');
  assert.deepEqual(warnings[0]?.err, { type: 'Error', message: 'cannot read /sys/class/net' });

  broken = false;
  await collector.refresh();
  s = await samples();
  await collector.stop();
  assert.equal(one(s, 'host_network_receive_bytes_total', { interface: 'eth0' }).value, 5);
  assert.equal(one(s, 'host_metrics_collect_errors_total', { source: 'network' }).value, 2);
  assert.ok(logs.some((l) => l.message === 'host metrics readable again' && l.source === 'network'));
});

void test('disk I/O that is null (containers) or all zeros (no lsblk) is omitted, not reported as 0, and is no error', async () => {
  const { collector, samples, logs } = setup({ disksIO: async () => null, fsStats: async () => ({ rx: 0, wx: 0 }) });
  await collector.start();
  await collector.refresh();
  const s = await samples();
  await collector.stop();
  for (const name of ['host_disk_reads_completed_total', 'host_disk_writes_completed_total', 'host_disk_read_bytes_total', 'host_disk_written_bytes_total']) {
    assert.deepEqual(find(s, name), [], name);
  }
  assert.equal(one(s, 'host_metrics_collect_errors_total', { source: 'disk_ops' }).value, 0);
  const notices = logs.filter((l) => l.message === 'host metrics unavailable on this host; omitting them');
  assert.deepEqual(notices.map((l) => l.source).sort(), ['disk_bytes', 'disk_ops'], 'logged once per source, not per refresh');
});

void test('a call that hangs times out, counts as an error, and does not hold up the other sections', async () => {
  const { collector, samples } = setup({ fsSize: () => new Promise(() => {}) }, { timeoutMs: 50 });
  const started = Date.now();
  await collector.start();
  assert.ok(Date.now() - started < 1_000, `start took ${Date.now() - started} ms`);
  const s = await samples();
  await collector.stop();
  assert.equal(one(s, 'host_metrics_collect_errors_total', { source: 'filesystem' }).value, 1);
  assert.deepEqual(find(s, 'host_filesystem_size_bytes'), []);
  assert.equal(one(s, 'host_cpu_usage_ratio').value, 0.425);
  // Timers can fire a millisecond early by performance.now(), hence not exactly 0.05.
  const waited = one(s, 'host_metrics_collect_duration_seconds', { source: 'filesystem' }).value;
  assert.ok(waited >= 0.045, `filesystem read recorded ${waited} s, expected the 0.05 s timeout`);
});

void test('series of an interface or filesystem that went away disappear on the next refresh', async () => {
  let interfaces = [
    { iface: 'eth0', rx_bytes: 1, tx_bytes: 1 },
    { iface: 'wlan0', rx_bytes: 2, tx_bytes: 2 },
  ];
  let mounts = [
    { mount: '/', type: 'ext4', size: 10, used: 1, available: 9 },
    { mount: '/mnt/usb', type: 'vfat', size: 20, used: 2, available: 18 },
  ];
  const { collector, samples } = setup({ networkStats: async () => interfaces, fsSize: async () => mounts });
  await collector.start();
  let s = await samples();
  assert.equal(find(s, 'host_network_receive_bytes_total').length, 2);
  assert.equal(find(s, 'host_filesystem_used_bytes').length, 2);
  interfaces = [{ iface: 'eth0', rx_bytes: 3, tx_bytes: 3 }];
  mounts = [{ mount: '/', type: 'ext4', size: 10, used: 4, available: 6 }];
  await collector.refresh();
  s = await samples();
  await collector.stop();
  assert.deepEqual(find(s, 'host_network_receive_bytes_total').map((x) => [x.labels.interface, x.value]), [['eth0', 3]]);
  assert.deepEqual(find(s, 'host_filesystem_used_bytes').map((x) => [x.labels.mount, x.value]), [['/', 4]]);
});

void test('refreshes repeat on the interval and end at stop, which is safe twice', async () => {
  const { collector, source } = setup({}, { intervalMs: 10 });
  await collector.start();
  assert.equal(source.calls, 1, 'start performed the first refresh');
  await waitFor(() => source.calls >= 4, { what: 'three interval refreshes after start', timeoutMs: 2_000, intervalMs: 5 });
  await Promise.all([collector.stop(), collector.stop()]);
  await collector.stop();
  const callsAtStop = source.calls;
  // Absence can only be shown by waiting: ten intervals with no refresh.
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(source.calls, callsAtStop);
  await assert.rejects(collector.start(), /cannot be restarted/);
});

void test('stop waits for a refresh in flight, and nothing is written after it', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let slow = false;
  const { collector, samples } = setup({
    mem: async () => {
      if (slow) await gate;
      return { total: slow ? 1 : 8_000, available: 0, swaptotal: 0, swapused: 0 };
    },
  });
  await collector.start();
  slow = true;
  const refreshing = collector.refresh();
  let stopped = false;
  const stopping = collector.stop().then(() => (stopped = true));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(stopped, false, 'stop resolved while a refresh was in flight');
  release();
  await Promise.all([refreshing, stopping]);
  assert.equal(one(await samples(), 'host_memory_total_bytes').value, 8_000);
});

void test('the refresh timer does not keep the process alive', async () => {
  const script = `
    import { HostMetricsCollector } from ${JSON.stringify(fileURLToPath(new URL('./host-metrics-collector.js', import.meta.url)))};
    import { createMetrics } from ${JSON.stringify(fileURLToPath(new URL('./registry.js', import.meta.url)))};
    import { createLogger } from '@logpipe/runtime';
    const source = {
      currentLoad: async () => ({ currentLoad: 1 }), loadavg: () => [0, 0, 0],
      mem: async () => ({ total: 1, available: 1, swaptotal: 0, swapused: 0 }),
      fsSize: async () => [], networkStats: async () => [], disksIO: async () => null, fsStats: async () => null,
    };
    const collector = new HostMetricsCollector({ registry: createMetrics({ app: 'logagent' }), hostName: 'h', logger: createLogger({ write: () => {} }), source, intervalMs: 60_000 });
    await collector.start();
    console.log('started');
  `;
  const started = Date.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    timeout: 10_000,
  });
  assert.equal(stdout.trim(), 'started');
  assert.ok(Date.now() - started < 10_000);
});
