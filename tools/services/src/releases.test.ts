import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSelection } from './releases.js';

test('the newest Kafka and Elasticsearch by default; exact versions, or their majors, select the others', () => {
  const problems: string[] = [];
  const pick = (env: NodeJS.ProcessEnv) => {
    const s = readSelection(env, problems);
    return `${s.kafka.version} ${s.search.engine}-${s.search.version}`;
  };
  assert.equal(pick({}), '4.4.0 elasticsearch-9.5.0');
  assert.equal(pick({ LOGPIPE_KAFKA_VERSION: '3.9.2', LOGPIPE_SEARCH: 'elasticsearch-8.19.21' }), '3.9.2 elasticsearch-8.19.21');
  assert.equal(pick({ LOGPIPE_KAFKA_VERSION: '3', LOGPIPE_SEARCH: 'opensearch-3' }), '3.9.2 opensearch-3.8.0');
  assert.equal(pick({ LOGPIPE_SEARCH: 'opensearch-2.19' }), '4.4.0 opensearch-2.19.6');
  assert.deepEqual(problems, []);
});

test('a release the harness does not run is an error listing the ones it does', () => {
  const problems: string[] = [];
  readSelection({ LOGPIPE_KAFKA_VERSION: '2.8', LOGPIPE_SEARCH: 'solr-9' }, problems);
  assert.deepEqual(problems, [
    'LOGPIPE_KAFKA_VERSION="2.8" is not one the harness runs: use 4.4.0 or 3.9.2 (or the major, e.g. 3)',
    'LOGPIPE_SEARCH="solr-9" is not one the harness runs: use one of elasticsearch-9.5.0, elasticsearch-8.19.21, opensearch-3.8.0, opensearch-2.19.6 (or engine-major, e.g. opensearch-3)',
  ]);
});
