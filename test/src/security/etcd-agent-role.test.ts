import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3, EtcdPermissionDeniedError } from 'etcd3';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { AppProcess } from '../support/app-process.js';
import { readTopic, waitForTopic } from '../support/kafka.js';
import { metricsUrl } from '../support/metrics.js';
import { uniqueNames } from '../support/unique-names.js';
import { logctl, logctlOk } from '../logctl/logctl-support.js';
import { text } from '../logagent/etcd-test-support.js';
import { agentGrants, clientOptions, createUser, etcdTlsIni, grant, logctlIni, operatorGrants, removeUser, rootClient, secretsOf, secureEtcd } from './etcd-secure-support.js';

/** Exactly `count` lines in `topic`, now and after the agent had time to send a duplicate. */
async function exactly(kafka: Parameters<typeof readTopic>[0], topic: string, count: number): Promise<void> {
  await waitForTopic(kafka, topic, count, 30_000);
  assert.equal((await readTopic(kafka, topic)).length, count, `${topic} has more than ${count} lines`);
}

test('an agent with its own role over TLS collects its prefix and _all, registers, is denied the rest, and keeps collecting when etcd refuses it', async () => {
  const access = await secureEtcd();
  const root = rootClient(access);
  const id = uniqueNames('sec-etcd').id;
  const agentUser = await createUser(root, `agent-${id}`);
  const operator = await createUser(root, `operator-${id}`);
  const f = await agentFixture('sec-etcd-agent', { etcdEndpoints: [access.endpoint], ini: { etcd: [...etcdTlsIni(access, 'logagent', agentUser), 'status_ttl = 3s'] } });
  const { etcdPrefix: prefix, agentName: agent, topic } = f.names;
  const agentClient = new Etcd3(clientOptions(access, 'logagent', agentUser));
  const outputs: string[] = [];
  after(async () => {
    agentClient.close();
    await f.cleanup();
    await root.delete().prefix(`${prefix}/`);
    await removeUser(root, agentUser);
    await removeUser(root, operator);
    root.close();
  });
  await grant(root, agentUser, agentGrants(prefix, agent));
  await grant(root, operator, operatorGrants(prefix, `${prefix}-transfer`));
  const operatorIni = join(f.dir, 'operator.ini');
  await writeFile(operatorIni, logctlIni(access, prefix, 'logctl', operator));
  const asOperator = async (args: string[]) => {
    const result = await logctlOk([...args, '--agent-config', operatorIni, '--transfer-prefix', `${prefix}-transfer`, '--brokers', '127.0.0.1:1']);
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  // Targets written as root: the agent's own, every agent's, and another host's.
  const own = join(f.logDir, 'own.log');
  await writeFile(own, text('own', 5));
  await writeFile(join(f.logDir, 'shared-1.log'), text('shared 1', 3));
  await root.put(`${prefix}/${agent}/targets/own`).value(JSON.stringify({ path: own, topic: `${topic}_own` }));
  await root.put(`${prefix}/_all/targets/shared`).value(JSON.stringify({ path: join(f.logDir, 'shared-*.log'), topic: `${topic}_all` }));
  await root.put(`${prefix}/other-host/targets/theirs`).value(JSON.stringify({ path: own, topic: `${topic}_theirs` }));

  f.agent.start();
  await f.agent.waitForLog('agent registered in etcd');
  await exactly(f.kafka, `${topic}_own`, 5);
  await exactly(f.kafka, `${topic}_all`, 3);

  // logctl as the operator sees the agent, and adds a target the agent picks up through its watch.
  const agents = JSON.parse((await asOperator(['agents', '--json'])).stdout) as { name: string; targets: number }[];
  assert.deepEqual(agents.map((a) => a.name), [agent]);
  const added = join(f.logDir, 'added.log');
  await writeFile(added, text('added', 4));
  await asOperator(['targets', 'add', '--agent', agent, '--id', 'added', '--path', added, '--topic', `${topic}_added`]);
  const listed = JSON.parse((await asOperator(['targets', 'ls', '--json'])).stdout) as { id: string }[];
  assert.equal(listed.length, 4, `targets ls: ${JSON.stringify(listed)}`);
  await exactly(f.kafka, `${topic}_added`, 4);

  // The agent's credentials: its prefix yes, another host's and writes to targets no, by etcd itself.
  assert.equal((await agentClient.getAll().prefix(`${prefix}/${agent}/`).keys()).length, 3);
  await assert.rejects(agentClient.getAll().prefix(`${prefix}/other-host/`).keys(), EtcdPermissionDeniedError);
  await assert.rejects(agentClient.put(`${prefix}/${agent}/targets/sneaky`).value('{}').exec(), EtcdPermissionDeniedError);
  // logctl with the agent's own INI file: a permission error naming the endpoint, the user and the file.
  const denied = await logctl(['targets', 'ls', '--agent-config', f.agent.configPath, '--brokers', '127.0.0.1:1']);
  outputs.push(denied.stdout, denied.stderr);
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stderr, new RegExp(`etcd at ${access.endpoint} denied user "${agentUser.username}" listing ${prefix}/: permission denied`));
  assert.match(denied.stderr, new RegExp(`set \\[etcd\\] of ${f.agent.configPath} username and password`));

  // Its role revoked while it runs: the next status write is refused, with what to fix; a new
  // file and new lines are still collected.
  await root.user(agentUser.username).removeRole(agentUser.role);
  await writeFile(join(f.logDir, 'shared-2.log'), text('shared 2', 4));
  await appendFile(own, text('own after revoke', 2));
  const refused = await waitFor(() => f.agent.logs.find((l) => l.message === 'could not register the agent in etcd; retrying' && String((l.err as { message?: string })?.message).includes('permission denied')), {
    what: 'the agent to report the refused status write',
    timeoutMs: 20_000,
  });
  const refusal = (refused.err as { message: string }).message;
  assert.match(refusal, new RegExp(`^etcd at ${access.endpoint} denied user "${agentUser.username}" writing ${prefix}/${agent}/status: permission denied; grant the user's role write on the key ${prefix}/${agent}/status`));
  assert.match(refusal, new RegExp(`\\[etcd\\] of ${f.agent.configPath} username and password`));
  await exactly(f.kafka, `${topic}_all`, 7);
  await exactly(f.kafka, `${topic}_own`, 7);

  // Restarted with a password etcd no longer takes: an error at startup naming the key to fix,
  // and the last known targets keep running.
  const health = await (await fetch(`${await metricsUrl(f.agent)}/healthz`)).text();
  outputs.push(health, f.agent.output, JSON.stringify(f.agent.logs));
  await f.agent.stop();
  await root.user(agentUser.username).addRole(agentUser.role);
  await root.user(agentUser.username).setPassword(`changed-${agentUser.password}`);
  const agent2 = await f.newAgentProcess();
  after(() => agent2.kill());
  agent2.start();
  const startup = await agent2.waitForLog('etcd refused the agent at startup; running from the last known targets');
  const startupError = (startup.err as { message: string }).message;
  assert.equal(startupError, `etcd at ${access.endpoint} refused user "${agentUser.username}": wrong username or password; fix [etcd] of ${f.agent.configPath} password (or username)`);
  await appendFile(own, text('own after password change', 3));
  await appendFile(added, text('added after password change', 2));
  await exactly(f.kafka, `${topic}_own`, 10);
  await exactly(f.kafka, `${topic}_added`, 6);
  await exactly(f.kafka, `${topic}_all`, 7);
  outputs.push(await (await fetch(`${await metricsUrl(agent2)}/healthz`)).text());
  await agent2.stop();
  outputs.push(agent2.output, JSON.stringify(agent2.logs));

  // No password or private key in anything the runs printed.
  const everything = outputs.join('\n');
  for (const secret of secretsOf(access, [agentUser.password, `changed-${agentUser.password}`, operator.password])) {
    assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 4)}...) appears in the logs or output`);
  }
});

test('the password can come from LOGAGENT_ETCD_PASSWORD instead of the file, and is not logged either', async () => {
  const access = await secureEtcd();
  const root = rootClient(access);
  const user = await createUser(root, `agent-env-${uniqueNames('sec-etcd-env').id}`);
  const f = await agentFixture('sec-etcd-env', { etcdEndpoints: [access.endpoint] });
  const { etcdPrefix: prefix, agentName: agent, topic } = f.names;
  // Filled once the agent exists, so a failure before that still cleans up.
  const started: AppProcess[] = [];
  after(async () => {
    await f.cleanup(...started);
    await root.delete().prefix(`${prefix}/`);
    await removeUser(root, user);
    root.close();
  });
  await grant(root, user, agentGrants(prefix, agent));
  const tls = etcdTlsIni(access, 'logagent').join('\n');
  const ini = (await readFile(f.agent.configPath, 'utf8')).replace('[etcd]\n', `[etcd]\n${tls}\nusername = ${user.username}\n`);
  const envAgent = await AppProcess.withConfig('logagent', f.dir, ini, { LOGAGENT_ETCD_PASSWORD: user.password });
  started.push(envAgent);
  assert.ok(!(await readFile(envAgent.configPath, 'utf8')).includes(user.password));
  const file = join(f.logDir, 'env.log');
  await writeFile(file, text('env', 6));
  await root.put(`${prefix}/${agent}/targets/env`).value(JSON.stringify({ path: file, topic: `${topic}_env` }));
  envAgent.start();
  await envAgent.waitForLog('agent registered in etcd');
  await exactly(f.kafka, `${topic}_env`, 6);
  await envAgent.stop();
  const everything = `${envAgent.output}\n${JSON.stringify(envAgent.logs)}`;
  for (const secret of secretsOf(access, [user.password])) assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 4)}...) appears in the agent's logs`);
});

test("an agent whose user holds another host's role is refused its own prefix by etcd, and says which permission to grant", async () => {
  const access = await secureEtcd();
  const root = rootClient(access);
  const user = await createUser(root, `agent-wrong-${uniqueNames('sec-etcd-wrong').id}`);
  const f = await agentFixture('sec-etcd-wrong', { etcdEndpoints: [access.endpoint], ini: { etcd: etcdTlsIni(access, 'logagent', user) } });
  const { etcdPrefix: prefix, agentName: agent } = f.names;
  after(async () => {
    await f.cleanup();
    await removeUser(root, user);
    root.close();
  });
  await grant(root, user, agentGrants(prefix, 'some-other-host'));
  f.agent.start();
  const refused = await f.agent.waitForLog('etcd refused the agent at startup; running from the last known targets');
  assert.equal(
    (refused.err as { message: string }).message,
    `etcd at ${access.endpoint} denied user "${user.username}" reading ${prefix}/${agent}/: permission denied; grant the user's role read on the prefix ${prefix}/${agent}/ (docs/security/etcd.md), or set [etcd] of ${f.agent.configPath} username and password to a user that has it`,
  );
});
