import assert from 'node:assert/strict';
import { after, type TestContext } from 'node:test';
import { metricsUrl } from '../support/metrics.js';
import { assertNoSecrets } from './no-secrets.js';
import { secretsOf, type KafkaAuth } from './kafka-auth.js';
import { waitForLogMentioning } from './log-search.js';
import { securePipeline } from './secure-pipeline.js';

export interface RefusalCase {
  /** How the agent first (wrongly) logs in. */
  refused: KafkaAuth;
  /** How it logs in once the operator fixed its config. */
  fixed: KafkaAuth;
  transfer: KafkaAuth;
  /** What the agent's error, and its /healthz, must mention: the broker, the principal, the INI key... */
  mentions: string[];
  /** Lines collected while refused, and appended while the agent is stopped for the fix. */
  before: number;
  whileDown: number;
}

/**
 * An agent the broker refuses collects lines and says why (log and /healthz, naming what to
 * fix); the operator stops it, fixes its `[kafka]` config and starts it again on the same data
 * dir. Every line, collected before or after, must then be indexed exactly once, and no output
 * may hold any secret used, the wrong ones included.
 */
export async function refusedThenFixed(t: TestContext, label: string, c: RefusalCase): Promise<void> {
  const p = await securePipeline(label);
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();
  const transfer = (await p.transfer(c.transfer, p.names.topic)).start();
  await transfer.waitForLog('running');

  const refused = (await p.agent(c.refused)).start();
  await refused.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  await refused.waitForLog('target started');
  const lines = await p.appendLines(file, 'collected', 0, c.before);

  const said = await waitForLogMentioning(refused, ['produce failed', ...c.mentions]);
  t.diagnostic(`the agent said: ${said}`);
  const health = await fetch(`${await metricsUrl(refused)}/healthz`);
  const healthBody = await health.text();
  t.diagnostic(`/healthz ${health.status}: ${healthBody}`);
  assert.equal(health.ok, false, `a refused agent must not report healthy: ${healthBody}`);
  for (const text of c.mentions) assert.ok(healthBody.includes(text), `/healthz does not mention ${text}: ${healthBody}`);
  assert.equal(await p.count(), 0, 'nothing can have reached Elasticsearch while the agent was refused');

  assert.equal(await refused.stop(), 0, `logagent did not exit cleanly:\n${refused.output}`);
  lines.push(...(await p.appendLines(file, 'while-down', c.before, c.whileDown)));
  const fixed = (await p.agent(c.fixed)).start();

  assert.equal(await p.waitForDocuments(lines.length), lines.length);
  assert.deepEqual(await p.messages(), lines);
  assert.equal(await fixed.stop(), 0, `logagent did not exit cleanly:\n${fixed.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(), lines.length);
  t.diagnostic(`${lines.length} lines, ${await p.count()} documents`);
  assertNoSecrets(
    { 'the refused agent output': refused.transcript, 'the refused agent /healthz': healthBody, 'the fixed agent output': fixed.transcript, 'logtransfer output': transfer.transcript },
    // A wrong password is a secret too: it may be someone's real password for something else.
    { 'the refused secret': secretsOf(c.refused), 'the fixed secret': secretsOf(c.fixed), 'the logtransfer secret': secretsOf(c.transfer) },
  );
}
