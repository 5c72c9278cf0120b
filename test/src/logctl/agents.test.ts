import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@logpipe/services';
import { waitFor } from '@logpipe/runtime';
import { agentFixture } from '../support/agent-fixture.js';
import { metricsUrl } from '../support/metrics.js';
import { logctlOk, serverFlags } from './logctl-support.js';

interface ListedAgent {
  name: string;
  id: string;
  lease: string;
  version: string;
  host: string;
  pid: number;
  started_at: string;
  metrics_url: string;
  files: number;
  targets: number;
  key: string;
}

test('agents lists a running agent, and stops listing it within the lease TTL after kill -9', async (t) => {
  const f = await agentFixture('logctl-agents', { ini: { etcd: ['status_ttl = 3s'] } });
  after(() => f.cleanup());
  const flags = serverFlags(f.names.etcdPrefix);
  const listed = async () => JSON.parse((await logctlOk(['agents', '--json', ...flags])).stdout) as ListedAgent[];
  assert.deepEqual(await listed(), []);

  f.agent.start();
  await f.agent.waitForLog('agent registered in etcd');
  const [agent, ...others] = await listed();
  assert.deepEqual(others, []);
  const version = (JSON.parse(await readFile(join(repoRoot(), 'apps', 'logagent', 'package.json'), 'utf8')) as { version: string }).version;
  const id = (await readFile(join(f.dir, 'agent-data', 'agent-id'), 'utf8')).trim();
  const { started_at: startedAt, lease, ...rest } = agent!;
  assert.deepEqual(rest, {
    name: f.names.agentName,
    id,
    version,
    host: hostname(),
    pid: f.agent.pid,
    metrics_url: await metricsUrl(f.agent),
    files: 0,
    targets: 0,
    key: f.agentKey('status'),
  });
  assert.match(lease, /^\d+$/);
  assert.ok(Date.now() - Date.parse(startedAt) < 60_000, `started_at ${startedAt} is not recent`);

  const table = (await logctlOk(['agents', ...flags])).stdout.split('\n');
  assert.match(table[0]!, /^NAME\s+VERSION\s+HOST\s+STARTED\s+METRICS\s+FILES\s+TARGETS$/);
  assert.match(table[1]!, new RegExp(`^${f.names.agentName}\\s+${version.replace(/\./g, '\\.')}\\s+${hostname()}\\s+\\S+Z \\(up \\d+s\\)\\s+http://127\\.0\\.0\\.1:\\d+\\s+0\\s+0$`));

  await f.agent.kill();
  const killedAt = Date.now();
  // When the status key logctl lists from went away, read from etcd every 50 ms: timing logctl's
  // own runs instead measured their start-up too (a second or more each on a loaded machine),
  // which is not the lease's doing. Then logctl must no longer list the agent, at its first run.
  await waitFor(async () => (await f.etcd.get(f.agentKey('status')).string()) === null, {
    what: `${f.agentKey('status')} to disappear after kill -9 (TTL 3 s)`,
    timeoutMs: 3000 + 3000,
    intervalMs: 50,
  });
  const gone = Date.now() - killedAt;
  t.diagnostic(`agent unlisted ${gone} ms after kill -9`);
  assert.ok(gone <= 4500, `listed for ${gone} ms after kill -9; the TTL is 3 s`);
  assert.deepEqual(await listed(), [], `${f.names.agentName} is still listed by \`logctl agents\` after its status key expired`);
});
