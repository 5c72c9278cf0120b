import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AclOperations, AclPermissionTypes, ResourcePatternTypes, ResourceTypes } from '@platformatic/kafka';
import { fromClientAcl, toClientAcl, type AclBinding } from './acls.js';

test('an ACL binding becomes the client\'s numbers and back, host * and allow by default', () => {
  const binding: AclBinding = { principal: 'User:logagent', resource: 'topic', name: 'logs.', pattern: 'prefixed', operation: 'write' };
  const acl = toClientAcl(binding);
  assert.deepEqual(acl, {
    principal: 'User:logagent',
    host: '*',
    resourceType: ResourceTypes.TOPIC,
    resourceName: 'logs.',
    resourcePatternType: ResourcePatternTypes.PREFIXED,
    operation: AclOperations.WRITE,
    permissionType: AclPermissionTypes.ALLOW,
  });
  assert.deepEqual(fromClientAcl(acl), { ...binding, host: '*', permission: 'allow' });
});

test('a group READ, literal, round-trips; an ACL of a kind not named here is left out', () => {
  const binding: AclBinding = { principal: 'User:logtransfer', resource: 'group', name: 'g', pattern: 'literal', operation: 'read', host: '*', permission: 'allow' };
  assert.deepEqual(fromClientAcl(toClientAcl(binding)), binding);
  assert.equal(fromClientAcl({ ...toClientAcl(binding), resourceType: ResourceTypes.DELEGATION_TOKEN }), undefined);
});
