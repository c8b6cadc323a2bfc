import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCostPacer } from '../../../src/adapters/shopify/cost-pacer.js';

/** A virtual clock: sleeping advances time instead of waiting. */
function clock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const bucket = { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 100 };

test('requests within the bucket go at once; the next waits exactly for the restore', async () => {
  const c = clock();
  const pacer = createCostPacer({ now: c.now, sleep: c.sleep, initial: bucket });
  for (let i = 0; i < 10; i++) (await pacer.acquire(100)).settle(null);
  assert.equal(c.slept, []);
  (await pacer.acquire(100)).settle(null);
  assert.equal(c.slept, [1000]);
});

test("Shopify's reported level replaces the estimate, minus what is still in flight", async () => {
  const c = clock();
  const pacer = createCostPacer({ now: c.now, sleep: c.sleep, initial: bucket });
  const a = await pacer.acquire(300);
  const b = await pacer.acquire(300);
  a.settle({ maximumAvailable: 2000, currentlyAvailable: 1500, restoreRate: 100 });
  assert.is(pacer.available(), 1200);
  b.settle({ maximumAvailable: 2000, currentlyAvailable: 1450, restoreRate: 100 });
  assert.is(pacer.available(), 1450);
});

test('sustained demand is paced to the restore rate, first come first served', async () => {
  const c = clock();
  const pacer = createCostPacer({
    now: c.now,
    sleep: c.sleep,
    initial: { maximumAvailable: 200, currentlyAvailable: 0, restoreRate: 50 },
  });
  const order: number[] = [];
  await Promise.all(
    [150, 10, 10].map(async (cost, i) => {
      (await pacer.acquire(cost)).settle(null);
      order.push(i);
    }),
  );
  assert.equal(order, [0, 1, 2]);
  // 170 points at 50/s from an empty bucket: 3.4 s of virtual time.
  assert.ok(Math.abs(c.now() - 3400) <= 2, `took ${c.now()} ms`);
});

test('a cost above the bucket size waits for a full bucket, not forever', async () => {
  const c = clock();
  const pacer = createCostPacer({
    now: c.now,
    sleep: c.sleep,
    initial: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 50 },
  });
  (await pacer.acquire(500)).settle(null);
  assert.is(c.now(), 2000);
});

test('an aborted waiter rejects and does not block the queue', async () => {
  const pacer = createCostPacer({
    initial: { maximumAvailable: 100, currentlyAvailable: 0, restoreRate: 1 },
  });
  const controller = new AbortController();
  const waiting = pacer.acquire(50, controller.signal).catch((e: unknown) => e);
  controller.abort(new Error('stop'));
  assert.instance(await waiting, Error);
});

test.run();
