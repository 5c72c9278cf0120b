import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestGate } from './request-gate.js';

test('the request gate lets `limit` requests run at once, and the next waiter takes a freed slot first', async () => {
  const gate = new RequestGate(2);
  const order: string[] = [];
  const finishers: (() => void)[] = [];
  const request = (name: string) =>
    gate.run(async () => {
      order.push(`start ${name}`);
      await new Promise<void>((resolve) => finishers.push(resolve));
      order.push(`end ${name}`);
    });
  const all = ['a', 'b', 'c', 'd'].map(request);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['start a', 'start b']);
  finishers.shift()!();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(order, ['start a', 'start b', 'end a', 'start c']);
  while (finishers.length > 0 || order.length < 8) {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(all);
  assert.deepEqual(order.slice(4), ['end b', 'start d', 'end c', 'end d']);
});
