import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '@logpipe/services';

interface ConfigDocsModule {
  CONFIG_DOCS: { app: string }[];
  renderConfigDoc(doc: { app: string }): Promise<string>;
}

test('docs/<app>-config.md match the config schemas (run `node scripts/config-docs.mjs` to update)', async () => {
  const generator = (await import(join(repoRoot(), 'scripts', 'config-docs.mjs'))) as ConfigDocsModule;
  assert.equal(generator.CONFIG_DOCS.length, 3);
  for (const doc of generator.CONFIG_DOCS) {
    const committed = await readFile(join(repoRoot(), 'docs', `${doc.app}-config.md`), 'utf8');
    assert.equal(committed, await generator.renderConfigDoc(doc), `docs/${doc.app}-config.md is out of date`);
  }
});
