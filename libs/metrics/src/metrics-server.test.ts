import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Counter } from 'prom-client';
import { createLogger } from '@logpipe/runtime';
import type { HealthReport } from './health.js';
import { MetricsServer } from './metrics-server.js';
import { createMetrics } from './registry.js';
import { one, scrape } from './test-scrape.js';

const logger = createLogger({ write: () => {} });

function startServer(health: () => HealthReport | Promise<HealthReport> = () => ({ healthy: true, checks: {} })) {
  const registry = createMetrics({ app: 'logagent' });
  const server = new MetricsServer({ listen: '127.0.0.1:0', registry, health, logger });
  return { registry, server };
}

/** Resolves once something else can bind the port, i.e. the server really let go of it. */
function bindPort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

void test('/metrics serves the registry in Prometheus text format with the app label', async (t) => {
  const { registry, server } = startServer();
  const lines = new Counter({ name: 'logagent_lines_read_total', help: 'test', registers: [registry] });
  lines.inc(3);
  await server.start();
  t.after(() => server.stop());

  const result = await scrape(`${server.url}/metrics`);
  assert.equal(result.status, 200);
  assert.equal(result.contentType, 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(one(result.samples, 'logagent_lines_read_total').value, 3);
  assert.deepEqual(one(result.samples, 'logagent_lines_read_total').labels, { app: 'logagent' });
  // Node's default process metrics are there, with the same single default label.
  const cpu = one(result.samples, 'process_cpu_user_seconds_total');
  assert.deepEqual(cpu.labels, { app: 'logagent' });
  assert.ok(cpu.value > 0);
  assert.equal(one(result.samples, 'nodejs_version_info').labels.version, process.version);
});

void test('port 0 binds a real port, reported by address and url', async (t) => {
  const { server } = startServer();
  assert.throws(() => server.address, /not listening; call start\(\) first/);
  await server.start();
  t.after(() => server.stop());
  assert.equal(server.address.host, '127.0.0.1');
  assert.ok(server.address.port > 0);
  assert.equal(server.url, `http://127.0.0.1:${server.address.port}`);
  await assert.rejects(bindPort(server.address.port), { code: 'EADDRINUSE' });
});

void test('/healthz is 200 with the report when healthy and 503 when not', async (t) => {
  let report: HealthReport = { healthy: true, checks: { kafka: { ok: true } } };
  const { server } = startServer(() => report);
  await server.start();
  t.after(() => server.stop());

  const healthy = await fetch(`${server.url}/healthz`);
  assert.equal(healthy.status, 200);
  assert.equal(healthy.headers.get('content-type'), 'application/json');
  assert.deepEqual(await healthy.json(), { healthy: true, checks: { kafka: { ok: true } } });

  report = { healthy: false, checks: { kafka: { ok: true }, elasticsearch: { ok: false, detail: 'connect ECONNREFUSED' } } };
  const unhealthy = await fetch(`${server.url}/healthz`);
  assert.equal(unhealthy.status, 503);
  assert.deepEqual(await unhealthy.json(), report);
});

void test('a health function that throws or rejects gives 503 with its message', async (t) => {
  let fail: () => never = () => {
    throw new Error('state store unreadable');
  };
  const { server } = startServer(async () => fail());
  await server.start();
  t.after(() => server.stop());

  const response = await fetch(`${server.url}/healthz`);
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { healthy: false, checks: { health: { ok: false, detail: 'state store unreadable' } } });

  fail = () => {
    throw 'not an error';
  };
  const odd = await fetch(`${server.url}/healthz`);
  assert.equal(odd.status, 503);
  assert.equal(((await odd.json()) as HealthReport).checks.health?.detail, 'not an error');
});

void test('unknown paths are 404, other methods on known paths 405, query strings are ignored', async (t) => {
  const { server } = startServer();
  await server.start();
  t.after(() => server.stop());

  for (const path of ['/', '/metric', '/metrics/x', '/health', '/favicon.ico']) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 404, path);
    assert.equal(await response.text(), 'not found\n');
  }
  const post = await fetch(`${server.url}/metrics`, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  await post.arrayBuffer();
  assert.equal((await fetch(`${server.url}/healthz?verbose=1`)).status, 200);
  const head = await fetch(`${server.url}/metrics`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

void test('stop closes idle keep-alive connections promptly, is safe twice, and frees the port', async () => {
  const { server } = startServer();
  await server.start();
  const { port } = server.address;
  // fetch keeps the connection alive, which would hold close() open for the keep-alive timeout.
  const response = await fetch(`${server.url}/metrics`);
  assert.equal(response.headers.get('connection'), 'keep-alive');
  await response.text();

  const started = Date.now();
  await Promise.all([server.stop(), server.stop()]);
  await server.stop();
  assert.ok(Date.now() - started < 1000, `stop took ${Date.now() - started} ms`);
  await bindPort(port);
  await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), TypeError);
});

void test('stop cuts requests that outlive the drain timeout', async () => {
  const registry = createMetrics({ app: 'logtransfer' });
  let reached!: () => void;
  const requestReached = new Promise<void>((resolve) => (reached = resolve));
  const health = (): Promise<HealthReport> => {
    reached();
    return new Promise(() => {});
  };
  const server = new MetricsServer({ listen: '127.0.0.1:0', registry, health, logger, drainTimeoutMs: 100 });
  await server.start();
  const request = fetch(`${server.url}/healthz`);
  // The request must be in the server before stop, or there is nothing to drain.
  await requestReached;
  const started = Date.now();
  await server.stop();
  assert.ok(Date.now() - started < 1000, `stop took ${Date.now() - started} ms`);
  await assert.rejects(request, TypeError);
});

void test('stop before start resolves; a bad listen address fails at construction; a taken port fails start, which can be retried', async () => {
  const { server: idle } = startServer();
  await idle.stop();

  assert.throws(
    () => new MetricsServer({ listen: 'localhost', registry: createMetrics({ app: 'logagent' }), health: () => ({ healthy: true, checks: {} }), logger }),
    /invalid listen address "localhost"/,
  );

  const { server: first } = startServer();
  await first.start();
  const second = new MetricsServer({ listen: `127.0.0.1:${first.address.port}`, registry: createMetrics({ app: 'logagent' }), health: () => ({ healthy: true, checks: {} }), logger });
  await assert.rejects(second.start(), { code: 'EADDRINUSE' });
  await first.stop();
  await second.start();
  assert.equal(second.address.port, first.address.port, 'a failed start can be retried');
  await second.stop();
});
