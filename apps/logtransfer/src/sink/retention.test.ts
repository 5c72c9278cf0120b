import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@elastic/elasticsearch';
import { Registry } from '@logpipe/metrics';
import { createLogger } from '@logpipe/runtime';
import { IndexPattern } from '../transform/index-name.js';
import { createTransferMetrics } from '../transfer-metrics.js';
import { RetentionService } from './retention.js';

/** The cat and delete calls a sweep makes, over a fixed list of index names. */
function fakeClient(names: string[]) {
  const deleted: string[][] = [];
  const listed: string[] = [];
  const client = {
    cat: {
      indices: async ({ index }: { index: string }) => {
        listed.push(index);
        const regex = new RegExp(`^${index.split('*').map((p) => p.replace(/[.]/g, '\\.')).join('.*')}$`);
        return names.filter((n) => regex.test(n)).map((n) => ({ index: n }));
      },
    },
    indices: { delete: async ({ index }: { index: string }) => deleted.push(index.split(',')) },
  } as unknown as Client;
  return { client, deleted, listed };
}

test('a sweep deletes what is dated more than retention_days before today, by name, and keeps the boundary day', async () => {
  const names = ['logs-a-2026.11.16', 'logs-a-2026.11.17', 'logs-b.c-2026.10.01', 'logs-a-2026.11.24', 'logs-a-2026.11.16-x', 'm-2026.10', 'm-2026.11', 'fixed-name'];
  const { client, deleted, listed } = fakeClient(names);
  const retention = new RetentionService({
    client,
    logger: createLogger({ write: () => undefined }),
    metrics: createTransferMetrics(new Registry()),
    retentionDays: 7,
    patterns: () => [new IndexPattern('logs-{topic}-{yyyy.MM.dd}'), new IndexPattern('m-{yyyy.MM}'), new IndexPattern('fixed-name')],
    plan: Promise.resolve({ ilm: false, dataStreams: false, retentionByTransfer: true, reasons: [] }),
    now: () => Date.parse('2026-11-24T12:00:00Z'),
  });
  // 7 days before 24 November is 17 November: the 16th and earlier go; a month goes after its last day.
  assert.deepEqual(await retention.sweep(), ['logs-a-2026.11.16', 'logs-b.c-2026.10.01', 'm-2026.10']);
  assert.deepEqual(deleted, [['logs-a-2026.11.16', 'logs-b.c-2026.10.01', 'm-2026.10']]);
  assert.deepEqual(listed, ['logs-*-*', 'm-*'], 'a pattern without a date is never listed');
});
