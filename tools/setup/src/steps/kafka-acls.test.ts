import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wantedAcls } from './kafka-acls.js';

test('the agent may write, see and create the topics; the transfer reads them, uses its group, writes the dead-letter topics', () => {
  const wanted = wantedAcls({ topics: ['app_log', 'nginx_log'], dlqSuffix: '.dlq', agentPrincipal: 'User:logagent', transferPrincipal: 'User:logtransfer', transferGroup: 'logtransfer' });
  const summary = (principal: string) => wanted.get(principal)!.map((b) => `${b.resource}:${b.name}:${b.operation}:${b.pattern}`);
  assert.deepEqual(summary('User:logagent'), [
    'topic:app_log:write:literal', 'topic:app_log:describe:literal', 'topic:app_log:create:literal',
    'topic:nginx_log:write:literal', 'topic:nginx_log:describe:literal', 'topic:nginx_log:create:literal',
  ]);
  assert.deepEqual(summary('User:logtransfer'), [
    'topic:app_log:read:literal', 'topic:app_log:describe:literal', 'topic:nginx_log:read:literal', 'topic:nginx_log:describe:literal',
    'group:logtransfer:read:literal',
    'topic:app_log.dlq:write:literal', 'topic:app_log.dlq:describe:literal', 'topic:app_log.dlq:create:literal',
    'topic:nginx_log.dlq:write:literal', 'topic:nginx_log.dlq:describe:literal', 'topic:nginx_log.dlq:create:literal',
  ]);
  assert.ok([...wanted.values()].flat().every((b) => b.host === '*' && b.permission === 'allow'));
});

test('no principal set, no ACLs: a broker without an authorizer needs none', () => {
  assert.equal(wantedAcls({ topics: ['app_log'], dlqSuffix: '.dlq', transferGroup: 'logtransfer' }).size, 0);
});
