import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLogFormat, formatText } from './log-format.js';
import { createLogger } from './logger.js';

test('auto is text on a terminal and JSON anywhere else; json and text are forced', () => {
  assert.equal(chooseLogFormat('auto', { isTTY: true }), 'text');
  assert.equal(chooseLogFormat('auto', {}), 'json');
  assert.equal(chooseLogFormat('json', { isTTY: true }), 'json');
  assert.equal(chooseLogFormat('text', {}), 'text');
});

test('a text line: local time, level, who, message, then the fields as key=value', () => {
  const at = new Date(2026, 11, 3, 8, 1, 2, 345);
  const line = formatText(
    { '@timestamp': at.toISOString(), 'log.level': 'warn', message: 'produce failed; retrying the batch', service: 'logagent', component: 'shipper', attempt: 2, err: new Error('broker down'), path: '/var/log/my app.log', ok: true, detail: { a: 1 } },
    false,
  );
  assert.equal(line, '08:01:02.345 WARN  logagent shipper: produce failed; retrying the batch attempt=2 err="broker down" path="/var/log/my app.log" ok=true detail={"a":1}');
});

test('colour only when asked: the level and who are styled, the text is unchanged', () => {
  const record = { '@timestamp': new Date().toISOString(), 'log.level': 'error', message: 'x', component: 'c' };
  const coloured = formatText(record, true);
  // eslint-disable-next-line no-control-regex -- the ANSI style around the level is what is checked
  assert.match(coloured, /\x1b\[31mERROR\x1b\[39m/);
  // eslint-disable-next-line no-control-regex -- stripping the ANSI styles the line was given
  assert.equal(coloured.replace(/\x1b\[[0-9;]*m/g, ''), formatText(record, false));
});

test('the logger writes text or JSON lines as configured, fields of children included', () => {
  const lines: string[] = [];
  const text = createLogger({ format: 'text', write: (line) => lines.push(line), fields: { service: 'logtransfer' } }).child({ component: 'bulk' });
  text.info('indexed', { documents: 5 });
  assert.match(lines[0]!, /^\d\d:\d\d:\d\d\.\d{3} INFO {2}logtransfer bulk: indexed documents=5\n$/);
  const json = createLogger({ write: (line) => lines.push(line) });
  json.info('indexed', { documents: 5 });
  assert.deepEqual(Object.keys(JSON.parse(lines[1]!) as object), ['@timestamp', 'log.level', 'message', 'documents']);
});
