import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveryProgress } from './delivery-progress.js';

function clocked(stallAfterMs: number) {
  const clock = { now: 100_000 };
  return { clock, progress: new DeliveryProgress(stallAfterMs, () => clock.now) };
}

test('an idle shipper is healthy however long ago it last delivered', () => {
  const { clock, progress } = clocked(10_000);
  assert.deepEqual(progress.health(0), { ok: true, detail: '0 bytes unacknowledged; no batch acknowledged yet' });
  progress.inFlightChanged(100);
  progress.delivered();
  progress.inFlightChanged(0);
  clock.now += 60_000;
  assert.equal(progress.stalledMs(), 0);
  assert.deepEqual(progress.health(0), { ok: true, detail: '0 bytes unacknowledged; last batch acknowledged 60.0 s ago' });
});

test('lines waiting longer than the limit without any delivery make it unhealthy', () => {
  const { clock, progress } = clocked(10_000);
  progress.inFlightChanged(500);
  clock.now += 10_000;
  progress.inFlightChanged(900); // more lines do not restart the clock
  assert.equal(progress.health(900).ok, true, 'exactly at the limit is still healthy');
  clock.now += 1;
  assert.deepEqual(progress.health(900), {
    ok: false,
    detail: '900 bytes waiting for 10.0 s without progress (limit 10.0 s); no batch acknowledged yet',
  });
});

test('each acknowledged batch restarts the clock while lines keep waiting', () => {
  const { clock, progress } = clocked(10_000);
  progress.inFlightChanged(500);
  clock.now += 9_000;
  progress.delivered();
  clock.now += 9_000;
  assert.equal(progress.stalledMs(), 9_000);
  assert.equal(progress.health(500).ok, true);
  clock.now += 2_000;
  assert.deepEqual(progress.health(500), {
    ok: false,
    detail: '500 bytes waiting for 11.0 s without progress (limit 10.0 s); last batch acknowledged 11.0 s ago',
  });
  progress.delivered();
  assert.equal(progress.health(500).ok, true);
});

test('the clock starts when lines start waiting, not at the last delivery long before', () => {
  const { clock, progress } = clocked(10_000);
  progress.inFlightChanged(10);
  progress.delivered();
  progress.inFlightChanged(0);
  clock.now += 120_000;
  progress.inFlightChanged(10);
  clock.now += 5_000;
  assert.equal(progress.stalledMs(), 5_000);
  assert.equal(progress.health(10).ok, true);
});

test('a refusal by Kafka makes it unhealthy at once, saying why, until a batch is acknowledged', () => {
  const { progress } = clocked(10_000);
  progress.inFlightChanged(700);
  progress.refused('Kafka broker b:1 refused the SASL SCRAM-SHA-512 login of User:a: fix [kafka] sasl_password');
  assert.deepEqual(progress.health(700), { ok: false, detail: 'Kafka refused the agent, 700 bytes wait: Kafka broker b:1 refused the SASL SCRAM-SHA-512 login of User:a: fix [kafka] sasl_password' });
  // With nothing waiting there is nothing it fails to deliver.
  assert.equal(progress.health(0).ok, true);
  progress.delivered();
  assert.equal(progress.health(700).ok, true);
});
