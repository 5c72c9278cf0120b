import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQuery, globToWildcard, sortFor } from './search-request.js';

const from = new Date('2026-01-15T10:00:00Z');
const to = new Date('2026-01-15T11:00:00Z');

test('the phrase is matched on message; hosts, levels and files filter; time is a range', () => {
  assert.deepEqual(buildQuery({ text: 'connection refused', from, to, hosts: ['web-1', 'web-2'], file: '/var/log/nginx/*.log', levels: ['ERROR', 'warn'] }), {
    bool: {
      filter: [
        { range: { '@timestamp': { gte: '2026-01-15T10:00:00.000Z', lte: '2026-01-15T11:00:00.000Z', format: 'strict_date_optional_time' } } },
        { terms: { 'host.name': ['web-1', 'web-2'] } },
        { terms: { 'log.level': ['error', 'warn'] } },
        { wildcard: { 'log.file.path': { value: '/var/log/nginx/*.log' } } },
      ],
      must: [{ match_phrase: { message: 'connection refused' } }],
    },
  });
});

test('without text every line matches; a file without wildcards is an exact term; following has no upper bound', () => {
  assert.deepEqual(buildQuery({ from, hosts: [], file: '/var/log/app.log', levels: [] }), {
    bool: {
      filter: [{ range: { '@timestamp': { gte: '2026-01-15T10:00:00.000Z', format: 'strict_date_optional_time' } } }, { term: { 'log.file.path': '/var/log/app.log' } }],
      must: [],
    },
  });
});

test('time order breaks ties on the byte offset, then the event id', () => {
  assert.deepEqual(sortFor('asc'), [
    { '@timestamp': { order: 'asc' } },
    { 'log.offset': { order: 'asc', missing: '_first', unmapped_type: 'long' } },
    { 'event.id': { order: 'asc', missing: '_first', unmapped_type: 'keyword' } },
  ]);
  assert.equal((sortFor('desc')[1] as { 'log.offset': { missing: string } })['log.offset'].missing, '_last');
});

test('globs become wildcards; brackets and braces are refused', () => {
  assert.equal(globToWildcard('/var/log/**/*.log'), '/var/log/*/*.log');
  assert.equal(globToWildcard('/var/log/app-?.log'), '/var/log/app-?.log');
  assert.throws(() => globToWildcard('/var/log/{a,b}.log'), /only \* and \? are supported/);
});
