/** startPricesReadEarly: a price read started before its run, taken over by the run's first read. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  startPricesReadEarly,
  withPricesReadEarly,
} from '../../../src/app/usecases/prices-read-early.js';
import type { Price } from '../../../src/domain/model/catalog.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';
import { createFakeCatalogSource, parsed } from '../../support/fakes/catalog-source.js';
import { rejectionOf } from '../../support/rejection-of.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

const price = (i: number): Parsed<Price> =>
  parsed({ variantId: `V${i}`, amount: `${i}.00`, compareAtAmount: null, currency: 'EUR' });

/**
 * API X's price list of `n` prices: counts the reads opened and prices served, and the reads
 * still open (a request in flight); with `hangAt`, waits there until its read is aborted.
 */
function priceList(n: number, hangAt?: number) {
  const seen = { opened: 0, served: 0, open: 0 };
  async function* open(signal: AbortSignal): AsyncGenerator<Parsed<Price>> {
    seen.opened += 1;
    seen.open += 1;
    try {
      for (let i = 0; i < n; i++) {
        if (i === hangAt)
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason as Error), {
              once: true,
            }),
          );
        seen.served += 1;
        yield price(i);
      }
    } finally {
      seen.open -= 1;
    }
  }
  return { open, seen };
}

async function variantIds(items: AsyncIterable<Parsed<Price>>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) if (item.ok) out.push(item.value.variantId);
  return out;
}

test('reads before the run asks, up to max; the run gets every price once, in order', async () => {
  const { open, seen } = priceList(10);
  const early = startPricesReadEarly(open, 4);
  for (let i = 0; i < 5; i++) await turn();
  assert.is(seen.served, 4, 'read ahead up to max, then waited');
  const got = await variantIds(early.prices(new AbortController().signal));
  assert.equal(
    got,
    Array.from({ length: 10 }, (_, i) => `V${i}`),
  );
  assert.is(seen.opened, 1, 'the run took the early read over instead of reading again');
  assert.is(seen.open, 0);
});

test('a second read (a later run in the same process) reads afresh', async () => {
  const { open, seen } = priceList(3);
  const early = startPricesReadEarly(open, 10);
  assert.equal(await variantIds(early.prices()), ['V0', 'V1', 'V2']);
  assert.equal(await variantIds(early.prices()), ['V0', 'V1', 'V2']);
  assert.is(seen.opened, 2);
});

test('stop() without a run (the lock was held) ends the read: nothing left in flight', async () => {
  const { open, seen } = priceList(10, 2);
  const early = startPricesReadEarly(open, 100);
  await turn();
  assert.is(seen.open, 1);
  await early.stop();
  assert.is(seen.open, 0, 'a request outlived stop()');
  assert.is(seen.served, 2);
});

test('a run that stops reading early stops the early read with it', async () => {
  const { open, seen } = priceList(10, 3);
  const early = startPricesReadEarly(open, 100);
  for await (const item of early.prices(new AbortController().signal)) {
    if (item.ok && item.value.variantId === 'V1') break;
  }
  assert.is(seen.open, 0, 'the read went on after its consumer left');
});

test("the run's abort reaches a consumer waiting on a hung read; API X's failure reaches it too", async () => {
  const hung = priceList(10, 1);
  const run = new AbortController();
  const reading = variantIds(startPricesReadEarly(hung.open, 100).prices(run.signal));
  await turn();
  run.abort(new Error('SIGTERM'));
  assert.match(String(await rejectionOf(reading)), /SIGTERM/);
  assert.is(hung.seen.open, 0);

  async function* failing(): AsyncGenerator<Parsed<Price>> {
    yield price(0);
    throw new Error('API X answered 503 three times');
  }
  const early = startPricesReadEarly(failing, 100);
  const got: string[] = [];
  const failed = (async () => {
    for await (const item of early.prices()) if (item.ok) got.push(item.value.variantId);
  })();
  assert.match(String(await rejectionOf(failed)), /503/);
  assert.equal(got, ['V0'], 'the prices read before the failure came first');
});

test('withPricesReadEarly: prices from the early read, the other lists from the source', async () => {
  const source = createFakeCatalogSource({
    categories: [
      parsed({
        externalId: 'C1',
        parentId: null,
        name: 'Shoes',
        description: '',
        updatedAt: '2026-12-01T00:00:00Z',
      }),
    ],
    prices: [price(99)],
  });
  assert.is(withPricesReadEarly(source, undefined), source);
  const { open } = priceList(2);
  const wrapped = withPricesReadEarly(source, startPricesReadEarly(open, 10));
  assert.equal(await variantIds(wrapped.prices()), ['V0', 'V1']);
  const categories: unknown[] = [];
  for await (const c of wrapped.categories()) categories.push(c);
  assert.is(categories.length, 1);
});

test.run();
