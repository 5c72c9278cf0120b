import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kafkaSecureEndpoints } from '@logpipe/services';
import type { AppProcess } from '../support/app-process.js';
import { metricsUrl } from '../support/metrics.js';
import { cliOutput } from './cli-output.js';
import { assertNoSecrets } from './no-secrets.js';
import { certificate, kafkaIniLines, scram, secretsOf } from './kafka-auth.js';
import { waitForLogMentioning } from './log-search.js';
import { securePipeline } from './secure-pipeline.js';

const LINES = 400;

/** Everything a person or a scraper can read from a running app, besides its log. */
async function endpointsOf(app: AppProcess, label: string, into: Record<string, string>): Promise<void> {
  const url = await metricsUrl(app);
  into[`${label} /healthz`] = await (await fetch(`${url}/healthz`)).text();
  into[`${label} /metrics`] = await (await fetch(`${url}/metrics`)).text();
}

/**
 * Issue 13 item 7, for Kafka: one pipeline run through every way in and every refusal (a wrong
 * password, a stranger's certificate, then the right certificate), and every output any of them
 * produced (logs, /healthz, /metrics, `--check`, `logctl check` and `logctl status`) grepped for
 * each password and each private key used.
 */
test('no password or private key used with kafka-secure appears in any log, /healthz, /metrics, --check or logctl output', async (t) => {
  const p = await securePipeline('ksecrets');
  after(() => p.cleanup());
  await p.grantAgent();
  await p.grantTransfer();
  const secure = kafkaSecureEndpoints();
  const wrong = scram('logagent', `wrong-${randomBytes(12).toString('hex')}`);
  const stranger = { kind: 'mtls' as const, certFile: secure.pki.stranger.cert, keyFile: secure.pki.stranger.key };
  const agentAuth = certificate('logagent');
  const transferAuth = scram('logtransfer');
  const outputs: Record<string, string> = {};

  const transfer = (await p.transfer(transferAuth, p.names.topic)).start();
  await transfer.waitForLog('running');
  const file = await p.follow('app', 'app.log', p.names.topic);
  const lines = await p.appendLines(file, 'secret', 0, LINES);

  // Each refused run says why, in its log and /healthz; those are the outputs most likely to leak.
  for (const [label, auth, mention] of [['wrong-password agent', wrong, '[kafka] sasl_password'], ['stranger agent', stranger, '[kafka] tls_cert_file']] as const) {
    const refused = (await p.agent(auth)).start();
    await waitForLogMentioning(refused, ['produce failed', mention]);
    await endpointsOf(refused, label, outputs);
    assert.equal(await refused.stop(), 0, `the ${label} did not exit cleanly:\n${refused.output}`);
    outputs[`${label} output`] = refused.transcript;
  }

  const agent = (await p.agent(agentAuth)).start();
  assert.equal(await p.waitForDocuments(LINES), LINES);
  assert.deepEqual(await p.messages(), lines);
  await endpointsOf(agent, 'agent', outputs);
  await endpointsOf(transfer, 'transfer', outputs);

  // The apps' own config checks and logctl, reading the very INI files the apps run with.
  const [refusedAgentIni, strangerIni, agentIni] = p.processes.filter((app) => app.app === 'logagent').map((app) => app.configPath);
  const transferIni = transfer.configPath;
  for (const [app, ini] of [['logagent', refusedAgentIni!], ['logagent', strangerIni!], ['logagent', agentIni!], ['logtransfer', transferIni]] as const) {
    const check = cliOutput(app, ['--config', ini, '--check']);
    assert.equal(check.status, 0, check.output);
    outputs[`${app} --check ${ini}`] = check.output;
    outputs[`logctl check ${ini}`] = cliOutput('logctl', ['check', '--config', ini]).output;
  }
  // A config that is wrong around the password: the problem is reported, its value is not.
  const broken = join(p.dir, 'broken.ini');
  await writeFile(broken, ['[agent]', `data_dir = ${join(p.dir, 'broken-data')}`, '[kafka]', ...kafkaIniLines(scram('logagent')).filter((l) => !/^sasl_(mechanism|username)/.test(l)), 'sasl_mechanism = none', ''].join('\n'));
  const brokenCheck = cliOutput('logagent', ['--config', broken, '--check']);
  assert.notEqual(brokenCheck.status, 0);
  assert.match(brokenCheck.output, /sasl_password/);
  outputs['logagent --check of a broken config'] = brokenCheck.output;
  outputs['logctl check of a broken config'] = cliOutput('logctl', ['check', '--config', broken]).output;
  // logctl status reaches Kafka with the transfer's credentials and etcd with the agent's settings.
  const status = cliOutput('logctl', ['status', '--agent-config', agentIni!, '--transfer-config', transferIni, '--json']);
  outputs['logctl status'] = status.output;
  t.diagnostic(`logctl status exited ${status.status}: ${status.output.slice(0, 600)}`);

  assert.equal(await agent.stop(), 0, `logagent did not exit cleanly:\n${agent.output}`);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);
  outputs['agent output'] = agent.transcript;
  outputs['transfer output'] = transfer.transcript;
  assert.equal(await p.count(), LINES);

  assertNoSecrets(outputs, {
    'the wrong password': secretsOf(wrong),
    'the logagent password': secretsOf(scram('logagent')),
    'the logtransfer password': secretsOf(transferAuth),
    'the admin password': secretsOf(scram('admin')),
    "the stranger's private key": secretsOf(stranger),
    "logagent's private key": secretsOf(agentAuth),
  });
  // The grep finds what is there: the INI files the apps read do hold the secrets.
  assert.throws(() => assertNoSecrets({ 'the wrong-password INI': readFileSync(refusedAgentIni!, 'utf8') }, { 'the wrong password': secretsOf(wrong) }), /the wrong password in the wrong-password INI/);
  assert.throws(() => assertNoSecrets({ 'a PEM key file': readFileSync(stranger.keyFile, 'utf8') }, { 'a key': secretsOf(stranger) }), /a key in a PEM key file/);
  // The grep must have had something to grep: every output is there and not empty.
  for (const [where, text] of Object.entries(outputs)) assert.ok(text.length > 0, `${where} is empty`);
});
