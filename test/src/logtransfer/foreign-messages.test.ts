import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_DAY, transferFixture } from './transfer-fixture.js';

interface TextDocument {
  '@timestamp': string;
  message: string;
  event: { id: string };
}

test('plain text from another producer: message is the text, @timestamp the Kafka time, _id topic-partition-offset; a replay adds nothing', async (t) => {
  const f = await transferFixture('tr-text', 2);
  t.after(() => f.cleanup());
  const start = Date.parse(`${EVENT_DAY}T12:00:00.000Z`);
  const texts = Array.from({ length: 500 }, (_, i) => `plain line ${i} from a non-agent producer, "quoted" ünïcödé`);
  // produce() alternates partitions, so message i is at partition i % 2, offset i / 2.
  await f.produce(texts.map((value, i) => ({ value, timestamp: String(start + i * 1000) })));
  const expected = texts
    .map((message, i) => ({
      id: `${f.names.topic}-${i % 2}-${Math.floor(i / 2)}`,
      source: { message, '@timestamp': new Date(start + i * 1000).toISOString() },
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const transfer = await f.transfer();
  transfer.start();
  await f.waitForCommitted(500);
  const indexed = (await f.documents<TextDocument>()).map(({ id, source }) => {
    assert.equal(source.event.id, id);
    return { id, source: { message: source.message, '@timestamp': source['@timestamp'] } };
  });
  assert.deepEqual(indexed, expected);
  assert.equal(await transfer.stop(), 0, `logtransfer did not exit cleanly:\n${transfer.output}`);

  // Another group consumes the same offsets again: the same ids, so the same 500 documents.
  const replayGroup = `${f.names.group}-replay`;
  const replay = await f.transfer({ group: replayGroup });
  replay.start();
  await f.waitForCommitted(500, replayGroup);
  assert.equal(await f.count(), 500);
  assert.equal(await replay.stop(), 0, `the replaying logtransfer did not exit cleanly:\n${replay.output}`);
});
