import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCopySource, MIN_COPY_FINGERPRINT_BYTES, type CopySources } from './copy-detection.js';
import { hashBytes } from './fingerprint.js';
import type { DetachedEntry, RegistryEntry } from '../registry/registry.js';

const content = Buffer.from(Array.from({ length: 40 }, (_, i) => `2026-11-24T21:00:${String(i).padStart(2, '0')} line ${i}\n`).join(''));

function entryFor(bytes: Buffer, inode: number, length = 1024): RegistryEntry {
  const head = bytes.subarray(0, length);
  return { fileKey: `key-${inode}`, path: `/logs/${inode}`, device: 1, inode, fingerprint: hashBytes(head), fingerprintBytes: head.length, offset: 0, updatedAt: '' };
}

function sources(files: RegistryEntry[], detached: RegistryEntry[] = []): CopySources {
  const waiting: DetachedEntry[] = detached.map((entry) => ({ entry, handoffOffset: 500, detachedAt: 0 }));
  return { waitingForCopy: () => waiting, all: () => files };
}

const copy = { device: 1, inode: 99 };

test('a new file starting with a truncated file\'s fingerprint is its copy', () => {
  const original = entryFor(content, 7);
  const found = findCopySource(content.subarray(0, 1024), copy, sources([], [original]));
  assert.equal(found?.kind, 'detached');
  assert.equal(found?.kind === 'detached' && found.detached.entry, original);
});

test('a copy of a file still followed on its inode is found as live; a detached match wins', () => {
  const live = entryFor(content, 7);
  assert.deepEqual(findCopySource(content, copy, sources([live])), { kind: 'live', entry: live });
  const detached = entryFor(content, 8);
  assert.equal(findCopySource(content, copy, sources([live], [detached]))?.kind, 'detached');
});

test('a shorter fingerprint matches a longer copy; a copy shorter than the fingerprint does not', () => {
  const original = entryFor(content, 7, 200);
  assert.equal(findCopySource(content, copy, sources([], [original]))?.kind, 'detached');
  const long = entryFor(content, 8, 1024);
  assert.equal(findCopySource(content.subarray(0, 1000), copy, sources([], [long])), undefined);
});

test('fingerprints shorter than the minimum never match: a shared first line is chance, not a copy', () => {
  const tiny = entryFor(content, 7, MIN_COPY_FINGERPRINT_BYTES - 1);
  assert.equal(findCopySource(content, copy, sources([tiny], [tiny])), undefined);
  const enough = entryFor(content, 8, MIN_COPY_FINGERPRINT_BYTES);
  assert.equal(findCopySource(content, copy, sources([enough]))?.kind, 'live');
});

test('a file is never a copy of its own detached identity, and different content matches nothing', () => {
  const own = entryFor(content, 99);
  assert.equal(findCopySource(content, copy, sources([], [own])), undefined);
  const other = Buffer.from(content);
  other[10] = 0x21;
  assert.equal(findCopySource(other, copy, sources([entryFor(content, 7)], [entryFor(content, 8)])), undefined);
});
