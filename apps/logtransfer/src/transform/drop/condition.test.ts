import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition } from './condition.js';

const nginx = {
  message: 'GET /healthz HTTP/1.1',
  log: { level: 'debug' },
  http: { response: { status_code: 499 } },
  tags: ['_parse_failure', '_nginx_parse_failure'],
};

test('comparisons: equality by type, regex matches, numeric bounds, null for missing', () => {
  const holds = (condition: string): boolean => compileCondition(condition)(nginx);
  assert.equal(holds('log.level == "debug"'), true);
  assert.equal(holds("log.level != 'debug'"), false);
  assert.equal(holds('message =~ /healthz/'), true);
  assert.equal(holds('message =~ /HEALTHZ/'), false);
  assert.equal(holds('message =~ /HEALTHZ/i'), true);
  assert.equal(holds('message !~ /^GET /'), false);
  assert.equal(holds('http.response.status_code == 499'), true);
  assert.equal(holds('http.response.status_code == "499"'), false);
  assert.equal(holds('http.response.status_code >= 400 and http.response.status_code < 500'), true);
  assert.equal(holds('http.response.status_code > -1.5'), true);
  assert.equal(holds('user.name == null'), true);
  assert.equal(holds('log.level == null'), false);
  assert.equal(holds('log.level.deeper == "x"'), false);
  assert.equal(holds('message > 3'), false);
});

test('arrays hold when any item does; != and !~ are the negations', () => {
  const holds = (condition: string): boolean => compileCondition(condition)(nginx);
  assert.equal(holds('tags == "_nginx_parse_failure"'), true);
  assert.equal(holds('tags != "_nginx_parse_failure"'), false);
  assert.equal(holds('tags =~ /^_json/'), false);
  assert.equal(holds('tags !~ /^_json/'), true);
});

test('and binds tighter than or; not and parentheses; && || ! spellings', () => {
  const holds = (condition: string): boolean => compileCondition(condition)(nginx);
  assert.equal(holds('log.level == "info" and message =~ /x/ or log.level == "debug"'), true);
  assert.equal(holds('log.level == "info" and (message =~ /x/ or log.level == "debug")'), false);
  assert.equal(holds('not log.level == "debug"'), false);
  assert.equal(holds('!(log.level == "info") && !!true_is_not_a_field == null'), true);
  assert.equal(holds('log.level == "info" || message =~ /a\\/b|healthz/'), true);
});

test('syntax errors name what was expected and where', () => {
  const cases: [string, string][] = [
    ['log.level ==', 'expected a value ("text", a number, true, false or null) after ==, found the end at column 13'],
    ['message =~ "healthz"', 'expected a /regular expression/ after =~, found "healthz" at column 12'],
    ['message =~ /health', 'unterminated regular expression (a ";" or "#" starts an INI comment: write "\\;" or "\\#") at column 12'],
    ['message =~ /(/', 'invalid regular expression: Invalid regular expression: /(/: Unterminated group at column 12'],
    ['(log.level == "debug"', 'expected ")", found the end at column 22'],
    ['log.level == "debug" message', 'expected "and", "or" or the end, found "message" at column 22'],
    ['log.level < "4"', '< compares numbers, found "4" at column 13'],
    ['$x == 1', 'unexpected "$" at column 1'],
    ['== 1', 'expected a field name such as log.level, "not" or "(", found "==" at column 1'],
  ];
  for (const [condition, message] of cases) assert.throws(() => compileCondition(condition), { message }, condition);
});
