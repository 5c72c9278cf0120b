import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { agentFixture } from '../support/agent-fixture.js';
import { lines, waitForLogCount } from '../logagent/etcd-test-support.js';
import { editorScript, logctlOk, serverFlags, topicLines, waitForLines } from './logctl-support.js';

const text = (prefix: string, count: number) => lines(prefix, count).join('\n') + '\n';

test('a target added, edited and removed with logctl is followed by a running agent: exact lines in Kafka', async () => {
  const f = await agentFixture('logctl-targets');
  after(() => f.cleanup());
  const flags = serverFlags(f.names.etcdPrefix);
  const agent = f.names.agentName;
  const file = join(f.logDir, 'app.log');
  const [first, second, third] = [`${f.names.topic}_first`, `${f.names.topic}_second`, `${f.names.topic}_third`];
  await writeFile(file, text('before', 40));
  f.agent.start();
  await f.agent.waitForLog('running');

  // add: the file's 40 lines go to the first topic.
  const added = await logctlOk(['targets', 'add', '--agent', agent, '--path', file, '--topic', first, '--label', 'env=test', ...flags]);
  assert.equal(added.stdout, `added ${agent}/app-log (${f.agentKey('targets/app-log')})\n`);
  assert.deepEqual(JSON.parse((await f.etcd.get(f.agentKey('targets/app-log')).string())!), { path: file, topic: first, labels: { env: 'test' } });
  assert.deepEqual(await waitForLines(f.kafka, first, 40), lines('before', 40));

  // edit: EDITOR rewrites the JSON to the second topic; lines appended afterwards go there, none again.
  const dir = f.dir;
  const editor = await editorScript(dir, 'to-second', JSON.stringify({ path: file, topic: second }));
  await logctlOk(['targets', 'edit', `${agent}/app-log`, ...flags], { EDITOR: editor.path });
  assert.match(await readFile(editor.seen, 'utf8'), new RegExp(`"topic": "${first}"`), 'the editor was not given the current JSON');
  await waitForLogCount(f.agent, 'target started', 2, { target: `${agent}/targets/app-log` });
  await appendFile(file, text('after edit', 25));
  assert.deepEqual(await waitForLines(f.kafka, second, 25), lines('after edit', 25));
  assert.equal((await topicLines(f.kafka, first)).length, 40, 'the edited target sent lines to its old topic again');

  // rm: the agent stops; lines appended afterwards are not collected. A second target started
  // afterwards proves the agent has applied everything before it.
  await logctlOk(['targets', 'rm', `${agent}/app-log`, ...flags]);
  assert.equal(await f.etcd.get(f.agentKey('targets/app-log')).string(), null);
  await f.agent.waitForLog('target removed; stopped', 10_000, { target: `${agent}/targets/app-log` });
  await appendFile(file, text('after rm', 10));
  const sentinel = join(f.logDir, 'sentinel.log');
  await writeFile(sentinel, text('sentinel', 1));
  await logctlOk(['targets', 'add', '--agent', agent, '--path', sentinel, '--topic', third, ...flags]);
  await waitForLines(f.kafka, third, 1);
  // The removed target's harvester had as long as the sentinel needed from add to Kafka.
  assert.deepEqual(await topicLines(f.kafka, second), lines('after edit', 25), 'lines appended after rm were collected');
  assert.equal((await topicLines(f.kafka, first)).length, 40);
});
