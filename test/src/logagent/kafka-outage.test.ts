import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { endpoints } from '@logpipe/services';
import { sleep, waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import type { AppProcess } from '../support/app-process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { metricSum } from '../support/metrics.js';
import { GrowingFile, RssSampler, assertEveryLineOnce, healthStatus, waitForEveryLine } from './kafka-outage-support.js';

/**
 * Kafka goes away for one agent only: the agent talks to Kafka through a TCP proxy on the
 * broker's fault-injection listener, and pausing the proxy cuts it off while Kafka keeps serving
 * everyone else. Only one test can own the proxy port, so every proxy-based Kafka test of the
 * agent lives in this file (node:test runs a file's tests one after another).
 */
const fault = endpoints().kafkaFault;
const proxy = new TcpProxy(fault.proxyPort, { host: '127.0.0.1', port: fault.listenerPort });
const viaProxy = [`127.0.0.1:${fault.proxyPort}`];
before(() => proxy.start());
after(() => proxy.stop());

const OUTAGE_MS = 20_000;
const MAX_IN_FLIGHT = 1024 * 1024;
/**
 * Memory bounds for the outage, from the agent's VmRSS sampled every 500 ms. Measured on the
 * 2-core dev machine with this test's load (~39 MB of lines written during the outage): at most
 * 102 to 111 MB before the outage, and 8 to 12 MB more during it. The same agent with
 * `max_in_flight_bytes = 1GiB`, which keeps reading and holds the outage's lines in memory instead
 * of pausing, grew by 64 MB: the growth bound is what tells the two apart.
 */
const MAX_RSS_BYTES = 250 * 1024 * 1024;
const MAX_RSS_GROWTH_BYTES = 32 * 1024 * 1024;

test('Kafka unreachable for 20 s while a file grows: every line once, memory bounded, /healthz 503 then 200', async (t) => {
  const f = await agentFixture('kafka-outage', { kafkaBrokers: viaProxy, ini: { kafka: [`max_in_flight_bytes = ${MAX_IN_FLIGHT}`] } });
  t.after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  await writeFile(file, '');
  f.agent.start();
  const url = (await f.agent.waitForLog('logagent started')).metrics as string;
  const rss = new RssSampler(f.agent.pid, 500);
  t.after(() => rss.stop());
  await f.putTarget('app', { path: file, topic: f.names.topic });
  await f.agent.waitForLog('harvesting');

  // 2,000 lines of 1,000 bytes a second: ~39 MB of lines while Kafka is away, 37 x max_in_flight_bytes.
  const growing = new GrowingFile(file, { linesPerTick: 100, lineBytes: 1000, tickMs: 50 });
  growing.start();
  t.after(() => growing.stop());
  await waitFor(async () => (await metricSum(url, 'logagent_lines_produced_total')) >= 2000 || undefined, {
    what: 'the agent to ship lines before the outage',
    timeoutMs: 15_000,
  });
  assert.equal(await healthStatus(url), 200);

  proxy.pause();
  const pausedAt = Date.now();
  const bytesAtPause = growing.bytesWritten;
  try {
    await waitFor(async () => (await healthStatus(url)) === 503 || undefined, { what: '/healthz to answer 503 while Kafka is unreachable', timeoutMs: 15_000 });
    assert.ok(Date.now() - pausedAt < OUTAGE_MS, '/healthz turned 503 only after the outage');
    await sleep(pausedAt + OUTAGE_MS - Date.now()); // the outage lasts its full 20 s: this is the scenario, not a wait for a condition
    // Readers paused at max_in_flight_bytes: the file, not the agent, holds what Kafka could not take.
    const inFlight = await metricSum(url, 'logagent_bytes_in_flight');
    const unread = growing.bytesWritten - (await metricSum(url, 'logagent_bytes_read_total'));
    assert.ok(inFlight >= MAX_IN_FLIGHT, `only ${inFlight} bytes in flight at the end of the outage`);
    assert.ok(unread >= 8 * MAX_IN_FLIGHT, `only ${unread} bytes of the file were left unread at the end of the outage`);
  } finally {
    proxy.resume();
  }
  const resumedAt = Date.now();
  const writtenDuringOutage = growing.bytesWritten - bytesAtPause;

  // Deadlines for what surely comes: the shipper's retry backoff is up to 10 s by now, and ~40 MB
  // of lines wait to be read and shipped (and read back here) on what may be a loaded machine.
  await waitFor(async () => (await healthStatus(url)) === 200 || undefined, { what: '/healthz to answer 200 after Kafka came back', timeoutMs: 60_000 });
  await growing.stop();
  const events = await waitForEveryLine(f.kafka, f.names.topic, growing.lines, 120_000);
  const duplicates = assertEveryLineOnce(events, growing.lines);
  assert.ok((await metricSum(url, 'logagent_produce_errors_total')) > 0, 'no failed produce attempt was counted');

  const peak = rss.max(pausedAt, resumedAt);
  const beforeOutage = rss.max(0, pausedAt);
  t.diagnostic(
    `${growing.lines.length} lines, ${duplicates} duplicates; ${(writtenDuringOutage / 1e6).toFixed(1)} MB written during the outage; ` +
      `RSS max ${(beforeOutage.bytes / 1e6).toFixed(0)} MB before, ${(peak.bytes / 1e6).toFixed(0)} MB during (${peak.count} samples)`,
  );
  assert.ok(writtenDuringOutage >= 32 * MAX_IN_FLIGHT, `only ${writtenDuringOutage} bytes were written during the outage`);
  assert.ok(peak.count >= 30, `only ${peak.count} memory samples during the outage`);
  assert.ok(peak.bytes < MAX_RSS_BYTES, `RSS reached ${peak.bytes} bytes during the outage (bound ${MAX_RSS_BYTES})`);
  assert.ok(peak.bytes - beforeOutage.bytes < MAX_RSS_GROWTH_BYTES, `RSS grew by ${peak.bytes - beforeOutage.bytes} bytes during the outage (bound ${MAX_RSS_GROWTH_BYTES})`);
});

test('SIGTERM while Kafka is unreachable and reading is paused exits 0 within shutdown_timeout; after a restart every line is in Kafka once', async (t) => {
  const f = await agentFixture('kafka-outage-stop', {
    kafkaBrokers: viaProxy,
    ini: { agent: ['shutdown_timeout = 5s'], kafka: [`max_in_flight_bytes = ${MAX_IN_FLIGHT}`] },
  });
  const restarts: AppProcess[] = [];
  t.after(() => f.cleanup(...restarts));
  const file = join(f.logDir, 'app.log');
  const growing = new GrowingFile(file, { linesPerTick: 0, lineBytes: 120, tickMs: 0 });
  await writeFile(file, '');
  await growing.append(2000);
  f.agent.start();
  const url = (await f.agent.waitForLog('logagent started')).metrics as string;
  await f.putTarget('app', { path: file, topic: f.names.topic });
  await waitFor(async () => (await metricSum(url, 'logagent_lines_produced_total')) === 2000 || undefined, {
    what: 'the first 2,000 lines acknowledged',
    timeoutMs: 15_000,
  });

  proxy.pause();
  try {
    // ~3 MB of events, more than max_in_flight_bytes: the harvester is paused, waiting for
    // capacity that will not come, when SIGTERM arrives.
    await growing.append(6000);
    await waitFor(async () => (await metricSum(url, 'logagent_bytes_in_flight')) >= MAX_IN_FLIGHT || undefined, {
      what: 'the agent to fill max_in_flight_bytes while Kafka is unreachable',
      timeoutMs: 15_000,
    });
    assert.ok((await metricSum(url, 'logagent_lines_read_total')) < 8000, 'reading did not pause at max_in_flight_bytes');

    const stoppingAt = Date.now();
    const code = await f.agent.stop(15_000);
    const stopMs = Date.now() - stoppingAt;
    assert.equal(code, 0, `exit code after SIGTERM (output:\n${f.agent.output.slice(-1500)})`);
    assert.ok(stopMs < 6000, `the agent took ${stopMs} ms to stop (shutdown_timeout = 5s)`);
    assert.ok(f.agent.logs.some((l) => l.message === 'kafka did not take the remaining lines in time; they will be re-read on the next start'));
  } finally {
    proxy.resume();
  }

  restarts.push((await f.newAgentProcess()).start());
  const events = await waitForEveryLine(f.kafka, f.names.topic, growing.lines, 30_000);
  const duplicates = assertEveryLineOnce(events, growing.lines);
  t.diagnostic(`${growing.lines.length} lines, ${duplicates} duplicates after the restart`);
});

test('an agent started while Kafka is unreachable ships every line once Kafka is reachable', async (t) => {
  const f = await agentFixture('kafka-outage-start', { kafkaBrokers: viaProxy });
  t.after(() => f.cleanup());
  const file = join(f.logDir, 'app.log');
  const growing = new GrowingFile(file, { linesPerTick: 0, lineBytes: 120, tickMs: 0 });
  await writeFile(file, '');
  await growing.append(1000);
  proxy.pause();
  try {
    f.agent.start();
    await f.agent.waitForLog('kafka unavailable at startup; will keep retrying');
    await f.putTarget('app', { path: file, topic: f.names.topic });
    await f.agent.waitForLog('harvesting');
    await growing.append(1000);
  } finally {
    proxy.resume();
  }
  const events = await waitForEveryLine(f.kafka, f.names.topic, growing.lines, 30_000);
  assertEveryLineOnce(events, growing.lines);
});
