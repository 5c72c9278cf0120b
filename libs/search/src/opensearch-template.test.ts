import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateFor } from './opensearch-template.js';

const elastic = {
  name: 't',
  index_patterns: ['logs-*-*'],
  composed_of: ['t@custom'],
  ignore_missing_component_templates: ['t@custom'],
  template: {
    settings: { number_of_shards: 1, 'index.lifecycle.name': 't' },
    mappings: { properties: { log: { properties: { syslog: { properties: { structured_data: { type: 'flattened' as const } } } } }, message: { type: 'text' as const } } },
  },
};

test('OpenSearch gets no ignore_missing_component_templates, no ILM setting, and flat_object for flattened', () => {
  const open = templateFor('opensearch', elastic);
  assert.equal('ignore_missing_component_templates' in open, false);
  assert.deepEqual(open.template?.settings, { number_of_shards: 1 });
  assert.deepEqual(open.template?.mappings, { properties: { log: { properties: { syslog: { properties: { structured_data: { type: 'flat_object' } } } } }, message: { type: 'text' } } });
  assert.deepEqual(open.composed_of, ['t@custom']);
  assert.equal(elastic.template.mappings.properties.log.properties.syslog.properties.structured_data.type, 'flattened', 'the request given is not changed');
});

test('Elasticsearch gets the template as it is', () => {
  assert.equal(templateFor('elasticsearch', elastic), elastic);
});
