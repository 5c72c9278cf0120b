import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from '@logpipe/services';
import { EVENT_DAY, transferFixture, type TransferFixture } from '../logtransfer/transfer-fixture.js';
import { logctl } from '../logctl/logctl-support.js';
import { metricsUrl } from '../support/metrics.js';
import { assertNoSecrets, secureSearch, type SecureSearch } from './secure-search.js';

/**
 * The transfer on the secured Elasticsearch (HTTPS, security on) as the writer user, verified
 * with the CA from its config; `logctl query` as the read-only user; and no password in
 * anything either printed or served.
 */
const N = 300;
let es: SecureSearch;
let fx: TransferFixture;
const outputs: [string, string][] = [];

before(async () => {
  es = await secureSearch();
  fx = await transferFixture('es-sec-basic', 2);
});
after(async () => {
  await fx?.cleanup();
  await es?.deleteIndices(fx.index);
  await es?.admin.close();
});

test('basic auth over HTTPS: the writer indexes exactly N documents, the reader finds them and cannot write, and no password shows anywhere', async () => {
  const events = fx.agentEvents(N);
  await fx.produce(events.values);
  const transfer = await fx.transfer({ elasticsearchUrl: es.url, ini: { elasticsearch: es.ini(es.user('logtransfer')) } });
  transfer.start();
  await transfer.waitForLog('index template installed', 60_000);
  await fx.waitForCommitted(N, undefined, 60_000);
  assert.equal(await es.count(fx.index), N, 'every event once, none twice');

  // The metrics and health the transfer serves, as Prometheus and a kubelet read them.
  const url = await metricsUrl(transfer);
  const health = await (await fetch(`${url}/healthz`)).text();
  assert.match(health, /"elasticsearch":\{"ok":true/);
  outputs.push(['/metrics', await (await fetch(`${url}/metrics`)).text()], ['/healthz', health]);

  // logctl with the transfer's INI for the nodes and index pattern, as the read-only user.
  const readerEnv = { LOGCTL_ELASTICSEARCH_USERNAME: 'logctl', LOGCTL_ELASTICSEARCH_PASSWORD: es.passwords.logctl };
  const query = await logctl(['query', '--transfer-config', transfer.configPath, '--topic', fx.names.topic, '--from', `${EVENT_DAY}T00:00:00Z`, '--to', `${EVENT_DAY}T23:59:59Z`, '--limit', String(N + 100), 'line'], readerEnv);
  outputs.push(['logctl query stdout', query.stdout], ['logctl query stderr', query.stderr]);
  assert.equal(query.code, 0, query.stderr);
  const found = query.stdout.split('\n').filter((l) => l.includes('es-sec-basic line '));
  assert.equal(found.length, N, `logctl query found ${found.length} of ${N} lines`);

  // The reader's own 403, from the server: it may search logs-* but not write there.
  const reader = es.client({ username: 'logctl', password: es.passwords.logctl });
  const denied = await reader.index({ index: `logs-${fx.names.topic}-${EVENT_DAY.replace(/-/g, '.')}`, document: { message: 'must not land' } }).then(
    () => undefined,
    (err: { meta?: { statusCode?: number } }) => err.meta?.statusCode,
  );
  await reader.close();
  assert.equal(denied, 403);
  assert.equal(await es.count(fx.index), N, 'the reader wrote nothing');

  // The same user with a wrong password is refused by logctl, naming the user and the variable.
  const wrong = await logctl(['query', '--transfer-config', transfer.configPath, '--topic', fx.names.topic, '--from', `${EVENT_DAY}T00:00:00Z`, 'line'], { ...readerEnv, LOGCTL_ELASTICSEARCH_PASSWORD: 'wrong-password-for-logctl' });
  outputs.push(['logctl query (wrong password) stderr', wrong.stderr], ['logctl query (wrong password) stdout', wrong.stdout]);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /refused the password of user "logctl" \(401: .*\): fix LOGCTL_ELASTICSEARCH_PASSWORD/);

  const check = spawnSync(process.execPath, [join(repoRoot(), 'apps', 'logtransfer', 'dist', 'main.js'), '--config', transfer.configPath, '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  outputs.push(['logtransfer --check', check.stdout + check.stderr]);

  assert.equal(await transfer.stop(), 0);
  outputs.push(['logtransfer stdout+stderr', transfer.transcript]);
  const secrets = [es.passwords.logtransfer, es.passwords.logctl, es.passwords.admin];
  for (const [where, text] of outputs) assertNoSecrets(where, text, secrets);
});
