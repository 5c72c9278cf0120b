import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { topicMessageCount } from '../support/kafka.js';
import { escapeRegExp as escape, refusalSuite, refusedThenFixed } from './refusal-phases.js';

/**
 * A wrong password (401), a user without the index privilege (403), and a writer sent to indices
 * outside its `logs-*` (403 per document): each says which server, which user and which setting
 * to fix, commits nothing, and once the transfer runs with the right settings every event is
 * indexed exactly once.
 */
const WRONG = 'wrong-password-not-logtransfers';
const suite = refusalSuite((es) => [es.passwords.logtransfer, es.passwords.logtransfer_no_index, WRONG]);
after(async () => {
  await suite.es().deleteIndices('denied-t_es_sec_*');
});

test('a wrong password: exit 2 naming the server, the user and [elasticsearch] password; nothing committed; all indexed once after the fix', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-401');
  const bad = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini({ username: 'logtransfer', password: WRONG }) } };
  const expected = new RegExp(`\\[elasticsearch\\] password = "<hidden>": Elasticsearch at ${escape(es.url)} refused the password of user "logtransfer" \\(401: unable to authenticate user \\[logtransfer\\][^)]*\\): fix \\[elasticsearch\\] password`);
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: true })));
});

test('a user without the index privilege: 403 errors naming the server, the user and [elasticsearch] username, retried, nothing committed; all indexed once after the fix', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-403');
  const bad = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini(es.user('logtransfer_no_index')) } };
  const expected = new RegExp(
    `Elasticsearch at ${escape(es.url)} denied user "logtransfer_no_index" \\(403: action \\[indices:data/write/bulk\\] is unauthorized[^)]*\\): grant its role the privileges docs/security/elasticsearch.md lists, or set \\[elasticsearch\\] username and \\[elasticsearch\\] password to a user that has them; nothing is committed until it is fixed`,
  );
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: false })));
});

test('the writer sent outside logs-*: each document refused with 403 is retried, never dead-lettered, nothing committed; all indexed once after the fix', async () => {
  const es = suite.es();
  const fx = await suite.fixture('es-sec-403-item');
  const bad = { elasticsearchUrl: es.url, index: 'denied-{topic}-{yyyy.MM.dd}', ini: { elasticsearch: es.ini(es.user('logtransfer')) } };
  const expected = new RegExp(`Elasticsearch at ${escape(es.url)} denied user "logtransfer" \\(403: action \\[indices:[a-z_/:]+\\] is unauthorized for user \\[logtransfer\\][^)]*\\): grant its role`);
  suite.transcripts.push(...(await refusedThenFixed(fx, es, bad, expected, { exits: false })));
  // Dead-lettering them would have committed the batch past a misconfiguration.
  const dlq = `${fx.names.topic}.dlq`;
  const topics = await fx.admin.listTopics();
  assert.equal(topics.includes(dlq) ? await topicMessageCount(fx.kafka, dlq) : 0, 0, 'no dead letters');
  assert.equal(await es.count(`denied-${fx.names.topic}-*`), 0);
});
