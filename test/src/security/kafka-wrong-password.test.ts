import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { waitFor } from '@logpipe/runtime';
import { kafkaSecureEndpoints } from '@logpipe/services';
import { metricsUrl } from '../support/metrics.js';
import { scram, secretsOf } from './kafka-auth.js';
import { waitForLogMentioning } from './log-search.js';
import { assertNoSecrets } from './no-secrets.js';
import { refusedThenFixed } from './refused-then-fixed.js';
import { securePipeline } from './secure-pipeline.js';

test('a wrong SCRAM password: an error naming the broker, the principal and [kafka] sasl_password; after the fix every line arrives exactly once', async (t) => {
  await refusedThenFixed(t, 'kwrongpw', {
    refused: scram('logagent', `wrong-${randomBytes(12).toString('hex')}`),
    fixed: scram('logagent'),
    transfer: scram('logtransfer'),
    mentions: [kafkaSecureEndpoints().saslBrokers[0]!, 'SASL_AUTHENTICATION_FAILED', 'User:logagent', '[kafka] sasl_password'],
    before: 1500,
    whileDown: 1000,
  });
});

test('the transfer with a wrong SCRAM password: an error and /healthz naming the broker, User:logtransfer and [kafka] sasl_password; nothing committed, and after the fix every line once', async (t) => {
  const p = await securePipeline('kwrongtpw');
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();
  const agentAuth = scram('logagent');
  const wrong = scram('logtransfer', `wrong-${randomBytes(12).toString('hex')}`);
  const right = scram('logtransfer');
  const agent = (await p.agent(agentAuth)).start();
  await agent.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  await agent.waitForLog('target started');
  const lines = await p.appendLines(file, 'refused-transfer', 0, 1500);

  const refused = (await p.transfer(wrong, p.names.topic)).start();
  const broker = kafkaSecureEndpoints().saslBrokers[0]!;
  const said = await waitForLogMentioning(refused, [broker, 'SASL_AUTHENTICATION_FAILED', 'User:logtransfer', '[kafka] sasl_password']);
  t.diagnostic(`the transfer said: ${said}`);
  await waitFor(async () => !(await fetch(`${await metricsUrl(refused)}/healthz`)).ok || undefined, { what: 'the refused transfer to report unhealthy', timeoutMs: 15_000, intervalMs: 200 });
  const healthBody = await (await fetch(`${await metricsUrl(refused)}/healthz`)).text();
  t.diagnostic(`/healthz: ${healthBody}`);
  assert.match(healthBody, /\[kafka\] sasl_password/);
  assert.equal(await p.count(), 0);
  assert.equal(await refused.stop(), 0, `logtransfer did not exit cleanly:\n${refused.output}`);

  const fixed = (await p.transfer(right, p.names.topic)).start();
  assert.equal(await p.waitForDocuments(lines.length), lines.length);
  assert.deepEqual(await p.messages(), lines);
  assert.equal(await fixed.stop(), 0, `logtransfer did not exit cleanly:\n${fixed.output}`);
  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await p.count(), lines.length);
  assertNoSecrets(
    { 'the refused transfer output': refused.transcript, 'the refused transfer /healthz': healthBody, 'the fixed transfer output': fixed.transcript, 'logagent output': agent.transcript },
    { 'the wrong password': secretsOf(wrong), 'the right password': secretsOf(right), 'the logagent password': secretsOf(agentAuth) },
  );
});
