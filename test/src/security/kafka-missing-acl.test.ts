import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { kafkaSecureEndpoints } from '@logpipe/services';
import { metricsUrl } from '../support/metrics.js';
import { agentAcls, transferAcls } from './kafka-acls.js';
import { assertNoSecrets } from './no-secrets.js';
import { certificate, scram, secretsOf } from './kafka-auth.js';
import { waitForLogMentioning } from './log-search.js';
import { securePipeline } from './secure-pipeline.js';

const secure = kafkaSecureEndpoints();

test('the agent writing a topic outside its ACL prefix: an error naming the topic and User:logagent; once the ACL is added, every line once, without a restart', async (t) => {
  const p = await securePipeline('kaclagent');
  after(() => p.cleanup());
  const topic = p.outsideTopic;
  await p.grantAgent();
  await p.grant(transferAcls('User:logtransfer', topic, p.names.group, [`${topic}.dlq`]));
  const agentAuth = scram('logagent');
  const transferAuth = scram('logtransfer');
  const transfer = (await p.transfer(transferAuth, topic)).start();
  const agent = (await p.agent(agentAuth)).start();
  await agent.waitForLog('running');
  const file = await p.follow('outside', 'outside.log', topic);
  await agent.waitForLog('target started');
  const lines = await p.appendLines(file, 'outside', 0, 1500);

  const said = await waitForLogMentioning(agent, ['produce failed', secure.saslBrokers[0]!, topic, 'User:logagent', 'TOPIC_AUTHORIZATION_FAILED']);
  t.diagnostic(`the agent said: ${said}`);
  const pattern = `logs-${topic}-*`;
  assert.equal(await p.count(pattern), 0);

  // The operator grants the ACL; the agent, retrying all along, delivers what it held.
  await p.grant(agentAcls('User:logagent', topic));
  lines.push(...(await p.appendLines(file, 'outside', 1500, 500)));
  assert.equal(await p.waitForDocuments(lines.length, 60_000, pattern), lines.length);
  assert.deepEqual(await p.messages(pattern), lines);
  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(pattern), lines.length);
  t.diagnostic(`${lines.length} lines, ${await p.count(pattern)} documents`);
  assertNoSecrets({ 'logagent output': agent.transcript, 'logtransfer output': transfer.transcript }, { 'the logagent password': secretsOf(agentAuth), 'the logtransfer password': secretsOf(transferAuth) });
});

test('the transfer without its group ACL (over mTLS): an error naming the group and User:logtransfer; once the ACL is added, every line once, without a restart', async (t) => {
  const p = await securePipeline('kaclgroup');
  after(() => p.cleanup());
  await p.grantAgent();
  // Everything the transfer needs but its group.
  const all = transferAcls('User:logtransfer', p.names.topic, p.names.group, [`${p.names.topic}.dlq`]);
  const groupAcl = all.filter((acl) => acl.resource === 'group');
  await p.grant(all.filter((acl) => acl.resource !== 'group'));
  const agentAuth = certificate('logagent');
  const transferAuth = certificate('logtransfer');
  const agent = (await p.agent(agentAuth)).start();
  await agent.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  await agent.waitForLog('target started');
  const lines = await p.appendLines(file, 'nogroup', 0, 1500);
  const transfer = (await p.transfer(transferAuth, p.names.topic)).start();

  const said = await waitForLogMentioning(transfer, ['joining group', secure.mtlsBrokers[0]!, p.names.group, 'User:logtransfer', 'GROUP_AUTHORIZATION_FAILED']);
  t.diagnostic(`the transfer said: ${said}`);
  const health = await fetch(`${await metricsUrl(transfer)}/healthz`);
  const healthBody = await health.text();
  t.diagnostic(`/healthz ${health.status}: ${healthBody}`);
  assert.equal(health.ok, false, `a refused transfer must not report healthy: ${healthBody}`);
  assert.ok(healthBody.includes(p.names.group), healthBody);
  assert.equal(await p.count(), 0);

  await p.grant(groupAcl);
  assert.equal(await p.waitForDocuments(lines.length, 60_000), lines.length);
  assert.deepEqual(await p.messages(), lines);
  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  assert.equal(await p.count(), lines.length);
  t.diagnostic(`${lines.length} lines, ${await p.count()} documents`);
  assertNoSecrets(
    { 'logagent output': agent.transcript, 'logtransfer output': transfer.transcript, 'logtransfer /healthz': healthBody },
    { 'the logagent key': secretsOf(agentAuth), 'the logtransfer key': secretsOf(transferAuth) },
  );
});
