import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { kafkaSecureEndpoints } from '@logpipe/services';
import { metricsUrl } from '../support/metrics.js';
import { assertNoSecrets } from './no-secrets.js';
import { scram, secretsOf } from './kafka-auth.js';
import { waitForLogMentioning } from './log-search.js';
import { securePipeline } from './secure-pipeline.js';

const BEFORE = 1500;
const WHILE_DOWN = 1000;

test('a wrong SCRAM password: an error naming the broker, the principal and [kafka] sasl_password; after the fix every line arrives exactly once', async (t) => {
  const p = await securePipeline('kwrongpw');
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();
  const wrong = scram('logagent', `wrong-${randomBytes(12).toString('hex')}`);
  const right = scram('logagent');
  const transferAuth = scram('logtransfer');
  const transfer = (await p.transfer(transferAuth, p.names.topic)).start();
  await transfer.waitForLog('running');

  const refused = (await p.agent(wrong)).start();
  await refused.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  await refused.waitForLog('target started');
  const lines = await p.appendLines(file, 'collected', 0, BEFORE);

  // The agent read the lines and keeps retrying them; what it says must lead to the fix.
  const broker = kafkaSecureEndpoints().saslBrokers[0]!;
  const said = await waitForLogMentioning(refused, ['produce failed', broker, 'User:logagent', '[kafka] sasl_password']);
  assert.match(said, /SASL_AUTHENTICATION_FAILED/);
  t.diagnostic(`the agent said: ${said}`);
  const health = await fetch(`${await metricsUrl(refused)}/healthz`);
  const healthBody = await health.text();
  t.diagnostic(`/healthz ${health.status}: ${healthBody}`);
  assert.equal(health.ok, false, `a refused agent must not report healthy: ${healthBody}`);
  assert.match(healthBody, /\[kafka\] sasl_password/);
  assert.equal(await p.count(), 0, 'nothing can have reached Elasticsearch without a login');

  // The operator stops the agent, fixes the password and starts it again; meanwhile the file grows.
  assert.equal(await refused.stop(), 0, `logagent did not exit cleanly:\n${refused.output}`);
  lines.push(...(await p.appendLines(file, 'while-down', BEFORE, WHILE_DOWN)));
  const fixed = (await p.agent(right)).start();

  assert.equal(await p.waitForDocuments(lines.length), lines.length);
  assert.deepEqual(await p.messages(), lines);
  assert.equal(await fixed.stop(), 0, `logagent did not exit cleanly:\n${fixed.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(), lines.length);
  assertNoSecrets(
    { 'the refused agent output': refused.transcript, 'the refused agent /healthz': healthBody, 'the fixed agent output': fixed.transcript, 'logtransfer output': transfer.transcript },
    // The wrong password is a secret too: it may be someone's real password for something else.
    { 'the wrong password': secretsOf(wrong), 'the right password': secretsOf(right), 'the logtransfer password': secretsOf(transferAuth) },
  );
});
