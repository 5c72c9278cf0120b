import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectApp } from './detect-app.js';

test('the example files are told apart by their sections', () => {
  const root = new URL('../../../../', import.meta.url);
  assert.equal(detectApp(readFileSync(new URL('config/logagent.ini', root), 'utf8')), 'logagent');
  assert.equal(detectApp(readFileSync(new URL('config/logtransfer.ini', root), 'utf8')), 'logtransfer');
});

test('a file with only shared sections, or with both apps\' sections, is undecided', () => {
  assert.equal(detectApp('[kafka]\nbrokers = a:9092\n[log]\nlevel = info\n'), undefined);
  assert.equal(detectApp('[agent]\nname = a\n[transfer]\ngroup = g\n'), undefined);
  assert.equal(detectApp('  [agent] \nname = a\n'), 'logagent');
});
