import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTarget } from './parse-target.js';

const options = { id: 'web-1/targets/app', source: 'web-1/targets/app', allowedPaths: [] };

test('a minimal target gets every default', () => {
  const result = parseTarget({ path: '/var/log/app.log', topic: 'app_log' }, options);
  assert.ok(result.ok);
  assert.deepEqual(result.target, {
    id: 'web-1/targets/app',
    source: 'web-1/targets/app',
    path: '/var/log/app.log',
    topic: 'app_log',
    start: 'beginning',
    format: 'plain',
    labels: {},
    maxLineBytes: 1024 * 1024,
    encoding: 'utf8',
    includeLines: [],
    excludeLines: [],
  });
});

test('every problem is reported at once, each naming its field', () => {
  const result = parseTarget(
    { path: 'relative.log', topic: 'bad topic', tpoic: 'x', start: 'middle', labels: { '1x': 'a', ok: 2 }, multiline: { pattern: '(', match: 'later', extra: 1 } },
    options,
  );
  assert.ok(!result.ok);
  assert.deepEqual(result.errors, [
    'unknown field "tpoic"; known fields: path, topic, start, format, labels, max_line_bytes, encoding, include_lines, exclude_lines, multiline',
    '"path" must be absolute, got "relative.log"',
    '"topic" "bad topic" is not a valid Kafka topic name (letters, digits, \'.\', \'_\', \'-\'; at most 249)',
    '"start" must be one of "beginning", "end", got "middle"',
    '"labels.1x": label names are letters, digits and \'_\', not starting with a digit',
    '"labels.ok" must be a string, got 2',
    'unknown field "multiline.extra"; known fields: pattern, negate, match, max_lines, timeout',
    '"multiline.pattern" is not a valid regular expression: Invalid regular expression: /(/: Unterminated group',
    '"multiline.match" must be one of "after", "before", got "later"',
  ]);
});

test('a multiline rule is compiled with its defaults', () => {
  const result = parseTarget({ path: '/var/log/app.log', topic: 'app_log', multiline: { pattern: '^\\s', negate: false, match: 'after' } }, options);
  assert.ok(result.ok);
  assert.deepEqual(result.target.multiline, { pattern: /^\s/, negate: false, match: 'after', maxLines: 500, timeoutMs: 5000 });
});

test('glob paths are checked against allowed_paths by their fixed prefix', () => {
  const allowed = { ...options, allowedPaths: ['/var/log'] };
  assert.ok(parseTarget({ path: '/var/log/nginx/*.log', topic: 't' }, allowed).ok);
  assert.ok(parseTarget({ path: '/var/log', topic: 't' }, allowed).ok);
  const outside = parseTarget({ path: '/var/*/x.log', topic: 't' }, allowed);
  assert.ok(!outside.ok);
  assert.deepEqual(outside.errors, ['"path" "/var/*/x.log" is outside allowed_paths (/var/log)']);
});

test('a value that is not an object says what a target looks like', () => {
  const result = parseTarget(['/var/log/app.log'], options);
  assert.ok(!result.ok);
  assert.match(result.errors[0]!, /^a target must be a JSON object like \{"path"/);
});
