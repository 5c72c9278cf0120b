import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@logpipe/services';
import { agentFixture } from '../support/agent-fixture.js';
import { logctl, logctlOk } from '../logctl/logctl-support.js';
import { createUser, etcdTlsIni, grant, operatorGrants, removeUser, rootClient, secretsOf, secureEtcd } from './etcd-secure-support.js';

const run = promisify(execFile);

/** The agent started against the secured etcd with these [etcd] lines; what it logged at startup. */
async function startupRefusal(label: string, etcdLines: string[]): Promise<{ message: string; configPath: string; output: string }> {
  const access = await secureEtcd();
  const f = await agentFixture(label, { etcdEndpoints: [access.endpoint], ini: { etcd: etcdLines } });
  after(() => f.cleanup());
  f.agent.start();
  const line = await f.agent.waitForLog('etcd refused the agent at startup; running from the last known targets');
  // Still running, from no known targets: a refusal is not a crash.
  await f.agent.waitForLog('running');
  const output = `${f.agent.output}\n${JSON.stringify(f.agent.logs)}`;
  await f.agent.stop();
  return { message: (line.err as { message: string }).message, configPath: f.agent.configPath, output };
}

test('a client certificate from a CA etcd does not trust: the agent and logctl name cert_file', async () => {
  const access = await secureEtcd();
  const { message, configPath, output } = await startupRefusal('sec-etcd-stranger', etcdTlsIni(access, 'stranger'));
  assert.match(message, new RegExp(`^etcd at ${access.endpoint}: the TLS handshake with ${access.endpoint} failed \\(ssl/tls alert bad certificate\\); etcd did not accept the client certificate: \\[etcd\\] of ${configPath} cert_file \\(${access.pki.stranger.cert}\\) and key_file must be signed by a CA in etcd's --trusted-ca-file$`));
  const ctl = await logctl(['targets', 'ls', '--agent-config', configPath, '--brokers', '127.0.0.1:1']);
  assert.equal(ctl.code, 1, ctl.stderr);
  assert.match(ctl.stderr, /etcd did not accept the client certificate: \[etcd\] of .* cert_file/);
  for (const secret of secretsOf(access, [])) assert.ok(!`${output}${ctl.stdout}${ctl.stderr}`.includes(secret), 'a private key appears in the output');
});

test('a ca_file that did not sign etcd\'s certificate: the agent and logctl name ca_file', async () => {
  const access = await secureEtcd();
  const wrongCa = access.pki.stranger.caCert;
  const { message, configPath } = await startupRefusal('sec-etcd-wrong-ca', etcdTlsIni(access, 'logagent', undefined, wrongCa));
  assert.match(message, new RegExp(`^etcd at ${access.endpoint}: the TLS handshake with ${access.endpoint} failed \\(unable to verify the first certificate\\); \\[etcd\\] of ${configPath} ca_file \\(${wrongCa}\\) is not the CA that signed etcd's certificate: point it at that CA's PEM$`));
  const ctl = await logctl(['agents', '--agent-config', configPath]);
  assert.equal(ctl.code, 1, ctl.stderr);
  assert.match(ctl.stderr, /ca_file \(.*\) is not the CA that signed etcd's certificate/);
});

test('without a username, etcd takes the certificate\'s CN as the user: logctl works as "logctl", and a CN without a user is denied by name', async () => {
  const access = await secureEtcd();
  const root = rootClient(access);
  const f = await agentFixture('sec-etcd-cn');
  const prefix = f.names.etcdPrefix;
  // The user is the CN of the logctl certificate, so this is the one test that makes it.
  await removeUser(root, { username: 'logctl', password: '', role: 'logctl-role' });
  const user = await createUser(root, 'logctl');
  after(async () => {
    await f.cleanup();
    await root.delete().prefix(`${prefix}/`);
    await removeUser(root, user);
    root.close();
  });
  await grant(root, user, operatorGrants(prefix, `${prefix}-transfer`));
  const ini = (identity: 'logctl' | 'admin') => ['[etcd]', `endpoints = ${access.endpoint}`, `prefix = ${prefix}`, ...etcdTlsIni(access, identity), ''].join('\n');
  const asLogctl = join(f.dir, 'logctl-cn.ini');
  await writeFile(asLogctl, ini('logctl'));
  const flags = ['--agent-config', asLogctl, '--transfer-prefix', `${prefix}-transfer`, '--brokers', '127.0.0.1:1'];
  await logctlOk(['targets', 'add', '--agent', 'web-1', '--id', 'app', '--path', '/var/log/app.log', '--topic', `${f.names.topic}_cn`, ...flags]);
  const listed = JSON.parse((await logctlOk(['targets', 'ls', '--json', ...flags])).stdout) as { id: string }[];
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.equal((await root.get(`${prefix}/web-1/targets/app`).string()) !== null, true);

  const asAdmin = join(f.dir, 'admin-cn.ini');
  await writeFile(asAdmin, ini('admin'));
  const denied = await logctl(['targets', 'ls', '--agent-config', asAdmin, '--transfer-prefix', `${prefix}-transfer`, '--brokers', '127.0.0.1:1']);
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stderr, new RegExp(`etcd at ${access.endpoint} denied user "admin" \\(the CN of the certificate in \\[etcd\\] of ${asAdmin} cert_file, as no username is set\\) listing ${prefix}/: permission denied`));
});

test('--check of a secured agent INI file prints no secret', async () => {
  const access = await secureEtcd();
  const f = await agentFixture('sec-etcd-check', { etcdEndpoints: [access.endpoint], ini: { etcd: etcdTlsIni(access, 'logagent', { username: 'someone', password: 'pw-check-only-9f8e7d' }) } });
  after(() => f.cleanup());
  const agentCheck = await run(process.execPath, [join(repoRoot(), 'apps', 'logagent', 'dist', 'main.js'), '--config', f.agent.configPath, '--check']);
  assert.equal(agentCheck.stdout, `${f.agent.configPath}: OK\n`);
  const ctlCheck = await logctlOk(['check', '--config', f.agent.configPath]);
  const ctlJson = await logctlOk(['check', '--config', f.agent.configPath, '--json']);
  const everything = [agentCheck.stdout, agentCheck.stderr, ctlCheck.stdout, ctlCheck.stderr, ctlJson.stdout, ctlJson.stderr].join('\n');
  for (const secret of secretsOf(access, ['pw-check-only-9f8e7d'])) assert.ok(!everything.includes(secret), `a secret (${secret.slice(0, 4)}...) appears in --check output`);
});
