import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { waitFor } from '@logpipe/runtime';
import type { AppProcess } from '../support/app-process.js';
import { transferFixture, type TransferFixture, type TransferOptions } from '../logtransfer/transfer-fixture.js';
import { assertNoSecrets, secureSearch, type SecureSearch } from './secure-search.js';

/** How the refused transfer behaves: exits 2 at start (a config to fix), or keeps retrying without committing. */
export type Refusal = { exits: true } | { exits: false };

/**
 * The shape every refusal test has, so "nothing is lost" is checked the same way each time:
 * 1. the writer (`good`, by default the writer user) indexes a first half, which is committed;
 * 2. the second half meets the bad setting: the transfer says `expected` and commits nothing,
 *    the committed offsets stay exactly where the first half left them;
 * 3. restarted with the writer's settings, every event is indexed, each exactly once.
 * Returns the transcripts of every run, for the secrets check.
 */
export async function refusedThenFixed(
  fx: TransferFixture,
  es: SecureSearch,
  bad: TransferOptions,
  expected: RegExp,
  refusal: Refusal,
  good: TransferOptions = { elasticsearchUrl: es.url, ini: { elasticsearch: es.ini(es.user('logtransfer')) } },
  total = 200,
): Promise<string[]> {
  const events = fx.agentEvents(total);
  const half = total / 2;
  const transcripts: string[] = [];
  const run = async (options: TransferOptions, body: (app: AppProcess) => Promise<void>) => {
    const app = (await fx.transfer(options)).start();
    try {
      await body(app);
    } finally {
      await app.stop();
      transcripts.push(app.transcript);
    }
  };

  await fx.produce(events.values.slice(0, half));
  await run(good, async () => fx.waitForCommitted(half, undefined, 60_000));
  const before = await fx.committedOffsets();
  assert.equal(await es.count(fx.index), half);

  await fx.produce(events.values.slice(half));
  await run(bad, async (app) => {
    if (refusal.exits) {
      assert.equal(await app.waitForExit(60_000), 2, `expected exit 2 (fix the config); output:\n${app.output}`);
    } else {
      // Twice: the first refusal, and a retry of it, so commits had every chance to happen.
      await waitFor(() => app.logs.filter((l) => expected.test(String(l.message))).length >= 2 || undefined, { what: `the transfer to log ${expected} twice`, timeoutMs: 60_000, intervalMs: 100 }).catch(
        (err: Error) => {
          // The output as of the deadline, not as of the call.
          throw new Error(`${err.message}; output:\n${app.transcript.slice(-4000)}`);
        },
      );
    }
    // A log line's message, or the plain text of a config error on stderr.
    assert.ok(app.logs.some((l) => expected.test(String(l.message))) || expected.test(app.transcript), `${expected} in:\n${app.transcript.slice(-3000)}`);
  });
  assert.deepEqual(await fx.committedOffsets(), before, 'nothing was committed while refused');
  assert.equal(await es.count(fx.index), half, 'nothing was indexed while refused');

  await run(good, async () => fx.waitForCommitted(total, undefined, 60_000));
  assert.equal(await es.count(fx.index), total, 'after the fix every event once');
  const ids = new Set((await es.admin.search({ index: fx.index, size: total + 10, _source: ['event.id'] })).hits.hits.map((h) => (h._source as { event: { id: string } }).event.id));
  assert.deepEqual([...ids].sort(), [...events.ids].sort(), 'exactly the produced events');
  return transcripts;
}

/**
 * A test file of refusals: the secured server, fixtures cleaned up after, and at the end every
 * transcript checked for the secrets `secrets()` names.
 */
export function refusalSuite(secrets: (es: SecureSearch) => string[]) {
  let es: SecureSearch | undefined;
  const fixtures: TransferFixture[] = [];
  const transcripts: string[] = [];
  before(async () => {
    es = await secureSearch();
  });
  after(async () => {
    for (const fx of fixtures) {
      await fx.cleanup();
      await es?.deleteIndices(fx.index);
    }
    if (!es) return;
    await es.admin.close();
    for (const [i, text] of transcripts.entries()) assertNoSecrets(`transfer run ${i + 1}`, text, secrets(es));
  });
  return {
    es: (): SecureSearch => es!,
    transcripts,
    async fixture(label: string): Promise<TransferFixture> {
      const fx = await transferFixture(label, 2);
      fixtures.push(fx);
      return fx;
    },
  };
}

export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
