import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addFields, parseAddFields } from './add-fields.js';

test('bare names are labels, dotted names are paths; the document\'s own values win', () => {
  // Even a bare `message` is a label: the rule has no exceptions to remember.
  assert.deepEqual(parseAddFields(['message=m']).assignments, [{ path: ['labels', 'message'], value: 'm' }]);
  const { assignments, problems } = parseAddFields(['env=prod', 'team = core', 'service.name=checkout', 'labels.region=eu-1']);
  assert.deepEqual(problems, []);
  const document = { message: 'x', labels: { env: 'staging' }, service: { name: 'orders' } };
  addFields(document, assignments);
  assert.deepEqual(document, { message: 'x', labels: { env: 'staging', team: 'core', region: 'eu-1' }, service: { name: 'orders' } });
  const empty = {};
  addFields(empty, assignments);
  assert.deepEqual(empty, { labels: { env: 'prod', team: 'core', region: 'eu-1' }, service: { name: 'checkout' } });
});

test('every bad item is reported, pipeline fields included', () => {
  assert.deepEqual(parseAddFields(['env', 'x=', 'event.id=1', 'host.name=h', 'agent.version=9', 'message.part=m', 'a..b=1']).problems, [
    '"env" must be name=value, with a field name like env or service.name and a non-empty value',
    '"x=" must be name=value, with a field name like env or service.name and a non-empty value',
    '"event.id=1": event.id is owned by the pipeline',
    '"host.name=h": host.name is owned by the pipeline',
    '"agent.version=9": agent is owned by the pipeline',
    '"message.part=m": message is not an object',
    '"a..b=1" must be name=value, with a field name like env or service.name and a non-empty value',
  ]);
});
