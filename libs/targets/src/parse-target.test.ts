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
    excludeFiles: [],
    includeNamespaces: [],
    excludeNamespaces: [],
  });
});

test('every problem is reported at once, each naming its field', () => {
  const result = parseTarget(
    { path: 'relative.log', topic: 'bad topic', tpoic: 'x', start: 'middle', labels: { '1x': 'a', ok: 2 }, multiline: { pattern: '(', match: 'later', extra: 1 } },
    options,
  );
  assert.ok(!result.ok);
  assert.deepEqual(result.errors, [
    'unknown field "tpoic"; known fields: path, topic, start, format, labels, max_line_bytes, encoding, include_lines, exclude_lines, multiline, exclude_files, content_format, partial_timeout, include_namespaces, exclude_namespaces',
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

test('format cri or docker makes a container target whose content keeps its own parser hint', () => {
  const result = parseTarget(
    { path: '/var/log/pods/*/*/*.log', topic: 'pods', format: 'cri', content_format: 'json', partial_timeout: 2000, exclude_namespaces: ['kube-system'] },
    options,
  );
  assert.ok(result.ok);
  assert.deepEqual(result.target.container, { runtime: 'cri', contentFormat: 'json', partialTimeoutMs: 2000 });
  assert.deepEqual(result.target.excludeNamespaces, ['kube-system']);
  const rotated = parseTarget({ path: '/var/log/pods/*/*/*.log*', topic: 'pods', format: 'cri', exclude_files: ['\\.gz$'] }, options);
  assert.ok(rotated.ok);
  assert.deepEqual(rotated.target.excludeFiles, [/\.gz$/]);
  assert.equal(result.target.format, 'cri');
  const docker = parseTarget({ path: '/var/lib/docker/containers/*/*-json.log', topic: 'd', format: 'docker' }, options);
  assert.ok(docker.ok);
  assert.deepEqual(docker.target.container, { runtime: 'docker', contentFormat: 'plain', partialTimeoutMs: 5000 });
});

test('container fields are refused with a format that is not a container format, and namespaces are checked', () => {
  const result = parseTarget(
    { path: '/var/log/app.log', topic: 't', format: 'json', content_format: 'json', partial_timeout: 10, include_namespaces: 'shop', exclude_namespaces: ['Kube_System', 7] },
    options,
  );
  assert.ok(!result.ok);
  assert.deepEqual(result.errors, [
    '"content_format" applies only to "format": "cri" or "docker", not "json"',
    '"partial_timeout" applies only to "format": "cri" or "docker", not "json"',
    '"include_namespaces" must be an array of Kubernetes namespace names like ["kube-system"], got "shop"',
    '"exclude_namespaces[0]" must be a namespace name (lowercase letters, digits and \'-\', at most 63), got "Kube_System"',
    '"exclude_namespaces[1]" must be a namespace name (lowercase letters, digits and \'-\', at most 63), got 7',
  ]);
  const nested = parseTarget({ path: '/var/log/x.log', topic: 't', format: 'cri', content_format: 'docker', partial_timeout: 0 }, options);
  assert.ok(!nested.ok);
  assert.deepEqual(nested.errors, [
    '"content_format" is what is inside the container\'s lines (plain, json, nginx, …), not "docker"',
    '"partial_timeout" must be an integer from 1 to 3600000, got 0',
  ]);
});
