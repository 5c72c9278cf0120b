import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@logpipe/runtime';
import { Registry, type RegistryEntry } from './registry.js';
import { newEntry } from './registry-entry.js';
import { parseRegistryFile } from './registry-file.js';

const logger = createLogger({ level: 'error', fields: {} });

function entry(inode: number, offset = 0, fingerprint = `fp-${inode}`): RegistryEntry {
  return newEntry('agent-1', { path: `/logs/${inode}.log`, device: 2049, inode, fingerprint, fingerprintBytes: 1024, offset });
}

async function withRegistry(run: (registry: Registry, path: string, clock: { now: number }) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'registry-test-'));
  const path = join(dir, 'registry.json');
  const clock = { now: 1_000_000 };
  const registry = new Registry(path, logger, 60_000, () => clock.now);
  try {
    await run(registry, path, clock);
  } finally {
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

test('new entries of the same inode get different keys (the nonce), and keys survive a restart', async () => {
  await withRegistry(async (registry, path) => {
    const a = entry(7);
    const b = entry(7);
    assert.notEqual(a.fileKey, b.fileKey);
    await registry.start();
    registry.add(a);
    await registry.flush();
    const again = new Registry(path, logger);
    await again.start();
    assert.equal(again.find(2049, 7)?.fileKey, a.fileKey);
    await again.stop();
  });
});

test('a truncation detaches the old identity at the handoff offset; in-flight acknowledgements still land on it; a copy claims it', async () => {
  await withRegistry(async (registry) => {
    await registry.start();
    const original = entry(7, 100);
    registry.add(original);
    const fresh = entry(7);
    registry.replaceTruncated(original, 250, fresh);
    assert.equal(registry.find(2049, 7), fresh);
    assert.deepEqual(registry.waitingForCopy().map((d) => [d.entry.fileKey, d.handoffOffset]), [[original.fileKey, 250]]);

    // The lines read before the truncation are acknowledged after it.
    registry.acknowledge(original, 250, '/logs/7.log');
    const handoff = registry.claim(registry.waitingForCopy()[0]!, 2049, 8, '/logs/7.log.1');
    assert.equal(handoff, 250);
    const copy = registry.find(2049, 8)!;
    assert.equal(copy.fileKey, original.fileKey, 'the copy keeps the original key, so its lines keep their ids');
    assert.deepEqual([copy.offset, copy.path, copy.copy], [250, '/logs/7.log.1', true]);
    assert.deepEqual(registry.waitingForCopy(), []);
  });
});

test('detached identities are saved, resume at their acknowledged offset after a restart, and expire', async () => {
  await withRegistry(async (registry, path, clock) => {
    await registry.start();
    const original = entry(7, 100);
    registry.add(original);
    registry.replaceTruncated(original, 250, entry(7));
    await registry.flush();

    const restarted = new Registry(path, logger, 60_000, () => clock.now);
    await restarted.start();
    // What was in flight at 250 died with the old process: a copy must start at the acknowledged 100.
    assert.deepEqual(restarted.waitingForCopy().map((d) => [d.entry.fileKey, d.handoffOffset]), [[original.fileKey, 100]]);
    clock.now += 10 * 60_000;
    assert.deepEqual(restarted.waitingForCopy(), []);
    await restarted.stop();
    assert.deepEqual(parseRegistryFile(await readFile(path, 'utf8')).detached, []);
  });
});

test('a version 1 registry (keyed by file key) is read by inode, keeping the entry acknowledged last', async () => {
  await withRegistry(async (registry, path) => {
    const old = { ...entry(7, 10), fileKey: 'old-key', updatedAt: '2026-01-01T00:00:00.000Z' };
    const newer = { ...entry(7, 20), fileKey: 'newer-key', updatedAt: '2026-01-02T00:00:00.000Z' };
    const other = { ...entry(9, 30), fileKey: 'other-key' };
    await writeFile(path, JSON.stringify({ version: 1, entries: [newer, old, other] }));
    await registry.start();
    assert.equal(registry.find(2049, 7)?.fileKey, 'newer-key');
    assert.equal(registry.find(2049, 9)?.offset, 30);
    registry.acknowledge(registry.find(2049, 9)!, 40, '/logs/9.log');
    await registry.flush();
    const saved = JSON.parse(await readFile(path, 'utf8')) as { version: number; files: RegistryEntry[] };
    assert.equal(saved.version, 2);
    assert.deepEqual(saved.files.map((e) => [e.fileKey, e.offset]).sort(), [['newer-key', 20], ['other-key', 40]]);
  });
});

test('a registry file that is not one is reported with what is wrong', () => {
  assert.throws(() => parseRegistryFile('{"version":3}'), /not a registry file of version 1 or 2 \(version: 3\)/);
  assert.throws(() => parseRegistryFile('{"version":2,"files":[{"fileKey":"k"}],"detached":[]}'), /has no string "path"/);
});

test('removing an entry only removes it while it still has its inode', async () => {
  await withRegistry(async (registry) => {
    await registry.start();
    const original = entry(7);
    registry.add(original);
    const fresh = entry(7);
    registry.replaceTruncated(original, 0, fresh);
    registry.remove(original);
    assert.equal(registry.find(2049, 7), fresh);
    registry.remove(fresh);
    assert.equal(registry.find(2049, 7), undefined);
  });
});
