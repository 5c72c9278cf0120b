import assert from 'node:assert/strict';
import { after } from 'node:test';
import { assertNoSecrets } from './no-secrets.js';
import { secretsOf, type KafkaAuth } from './kafka-auth.js';
import { securePipeline } from './secure-pipeline.js';

/**
 * The whole pipeline on kafka-secure with each app logging in as `agentAuth` and
 * `transferAuth`, both granted exactly their ACLs: `count` lines appended to a file must become
 * exactly `count` documents, in order, and no output may hold a password or key.
 */
export async function everyLineOnce(label: string, agentAuth: KafkaAuth, transferAuth: KafkaAuth, count: number): Promise<void> {
  const p = await securePipeline(label);
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();

  const agent = (await p.agent(agentAuth)).start();
  const transfer = (await p.transfer(transferAuth, p.names.topic)).start();
  await agent.waitForLog('running');
  await transfer.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  await agent.waitForLog('target started');
  const lines = await p.appendLines(file, label, 0, count);

  assert.equal(await p.waitForDocuments(count), count);
  assert.deepEqual(await p.messages(), lines);
  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(), count, 'a line was indexed twice after the stop');
  assertNoSecrets({ 'logagent output': agent.transcript, 'logtransfer output': transfer.transcript }, { 'the logagent secret': secretsOf(agentAuth), 'the logtransfer secret': secretsOf(transferAuth) });
}
