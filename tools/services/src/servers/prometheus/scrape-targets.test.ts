import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ServicesError } from '../../errors.js';
import { registerScrapeTarget } from './scrape-targets.js';

test('registering writes a file_sd target file; the returned function removes it', async () => {
  const targets = await mkdtemp(join(tmpdir(), 'services-targets-'));
  const remove = await registerScrapeTarget('logagent', 'agent-1', '127.0.0.1:9464', { env: 'test' }, targets);
  const file = join(targets, 'logagent', 'agent-1.json');
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), [{ targets: ['127.0.0.1:9464'], labels: { env: 'test' } }]);
  assert.deepEqual(await readdir(join(targets, 'logagent')), ['agent-1.json'], 'no temp file is left behind');
  await remove();
  assert.equal(existsSync(file), false);
  await remove();
});

test('registering the same id again replaces the target', async () => {
  const targets = await mkdtemp(join(tmpdir(), 'services-targets-'));
  await registerScrapeTarget('logtransfer', 'transfer', '127.0.0.1:1000', {}, targets);
  await registerScrapeTarget('logtransfer', 'transfer', '127.0.0.1:2000', {}, targets);
  const [group] = JSON.parse(await readFile(join(targets, 'logtransfer', 'transfer.json'), 'utf8')) as { targets: string[] }[];
  assert.deepEqual(group!.targets, ['127.0.0.1:2000']);
});

test('ids that would escape the folder or hide the file, and bad addresses, are refused', async () => {
  const targets = await mkdtemp(join(tmpdir(), 'services-targets-'));
  for (const id of ['../evil', 'a/b', '.hidden', '']) {
    await assert.rejects(registerScrapeTarget('logagent', id, '127.0.0.1:1', {}, targets), ServicesError, id);
  }
  await assert.rejects(registerScrapeTarget('logagent', 'ok', 'http://127.0.0.1:1/metrics', {}, targets), /must be host:port/);
  await assert.rejects(registerScrapeTarget('nope' as 'logagent', 'ok', '127.0.0.1:1', {}, targets), /unknown scrape job/);
});
