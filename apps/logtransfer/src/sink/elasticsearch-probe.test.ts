import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReachabilityState } from './elasticsearch-probe.js';

test('reachable until a probe fails, then unhealthy only once the outage outlasts the threshold', () => {
  let now = 1_000_000;
  const state = new ReachabilityState(60_000, () => now);
  assert.deepEqual(state.check(), { ok: true, detail: 'reachable' });

  state.failed('connect ECONNREFUSED 127.0.0.1:9200');
  now += 30_000;
  state.failed('connect ECONNREFUSED 127.0.0.1:9200'); // the outage started at the first failure
  assert.deepEqual(state.check(), { ok: true, detail: 'unreachable for 30 s (unhealthy after 60 s): connect ECONNREFUSED 127.0.0.1:9200' });
  now += 31_000;
  assert.deepEqual(state.check(), { ok: false, detail: 'unreachable for 61 s (unhealthy after 60 s): connect ECONNREFUSED 127.0.0.1:9200' });

  state.succeeded();
  assert.deepEqual(state.check(), { ok: true, detail: 'reachable' });
  assert.equal(state.reachable, true);
});
