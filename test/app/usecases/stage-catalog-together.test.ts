/**
 * catalog(): API X's prices and products read at once (issue 19). The price feed is held until
 * the products are staged, so every product batch is staged before its prices are in (the
 * provisional path) whatever the timing. The outcome must be the one of prices() then
 * products(): the same staged rows, the same record errors; API X's products are read once, the
 * records a draft may need kept in a spool.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createStageCatalog } from '../../../src/app/usecases/stage-catalog.js';
import type { Price, Product } from '../../../src/domain/model/catalog.js';
import type { Parsed, RecordError } from '../../../src/domain/model/record-error.js';
import type { CatalogSource } from '../../../src/domain/ports/catalog-source.js';
import { createFakeCatalogSource, parsed } from '../../support/fakes/catalog-source.js';
import { catalogProduct } from '../../support/fakes/catalog-product.js';
import { createFakeCatalogStaging } from '../../support/fakes/catalog-staging.js';
import { createFakeRecordSpools } from '../../support/fakes/record-spool.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';

const product = (id: string, over: Partial<Product> = {}): Product => catalogProduct(id, 2, over);

const price = (variantId: string, amount = '10'): Price => ({
  variantId,
  amount,
  compareAtAmount: null,
  currency: 'EUR',
});

const malformed = (externalId: string): Parsed<never> => ({
  ok: false,
  error: { entity: 'product', externalId, field: 'x', reason: 'malformed', payload: {} },
});

interface Feed {
  readonly products: readonly Parsed<Product>[];
  readonly prices: readonly Parsed<Price>[];
}

/** A source whose prices wait until `pricesGate` resolves, counting product reads. */
function heldSource(feed: Feed, pricesGate: Promise<unknown>) {
  let productReads = 0;
  const source: CatalogSource = {
    ...createFakeCatalogSource(feed),
    async *products() {
      productReads += 1;
      yield* feed.products;
    },
    async *prices() {
      await pricesGate;
      yield* feed.prices;
    },
  };
  return { source, productReads: () => productReads };
}

type Store = ReturnType<typeof createFakeCatalogStaging>;

/**
 * Runs catalog() with every product batch staged before the prices are in. 'prices held': the
 * price feed starts once the first product batch is staged, so nothing is priced yet. 'prices
 * read': the whole price feed is read first, but its staging waits for the first product batch
 * (the price read has not ended: a 100k no-change run, where prices take longer than products).
 */
async function together(
  store: Store,
  feed: Feed,
  release: string | undefined,
  timing: 'prices held' | 'prices read' = 'prices held',
) {
  let productsStaged = () => {};
  const staged = new Promise<void>((resolve) => (productsStaged = resolve));
  let pricesYielded = () => {};
  const allRead = new Promise<void>((resolve) => (pricesYielded = resolve));
  const held = heldSource(feed, timing === 'prices held' ? staged : Promise.resolve());
  const source: CatalogSource =
    timing === 'prices held'
      ? held.source
      : {
          ...held.source,
          async *prices() {
            yield* feed.prices;
            pricesYielded();
          },
          async *products() {
            await allRead;
            yield* held.source.products();
          },
        };
  const staging = {
    ...store.staging,
    stagePrices: async (rows: Parameters<typeof store.staging.stagePrices>[0]) => {
      if (timing === 'prices read') await staged;
      await store.staging.stagePrices(rows);
    },
    stageProducts: async (rows: Parameters<typeof store.staging.stageProducts>[0]) => {
      const wanted = await store.staging.stageProducts(rows);
      productsStaged();
      return wanted;
    },
  };
  const run = fakeStepContext();
  const spools = createFakeRecordSpools();
  const step = createStageCatalog({
    source,
    state: staging,
    openSpool: spools.open,
    ...(release === undefined ? {} : { release }),
  });
  const result = await step.catalog(run.ctx, { shopCurrency: 'EUR', archiveStatus: 'ARCHIVED' });
  const spooled = spools.counts();
  assert.is(spooled.closed, spooled.opened, 'every spool is removed');
  const spooledIds = spools
    .written()
    .map((line) => JSON.parse(line.split('\t')[1] ?? '') as string);
  return {
    run,
    result,
    productReads: held.productReads(),
    spoolReads: spooled.reads,
    spooledIds,
  };
}

/** The same feed through prices() then products(), as every run did before catalog(). */
async function oneAfterTheOther(store: Store, feed: Feed, release: string | undefined) {
  const run = fakeStepContext();
  const step = createStageCatalog({
    source: createFakeCatalogSource(feed),
    state: store.staging,
    ...(release === undefined ? {} : { release }),
  });
  await step.prices(run.ctx, { shopCurrency: 'EUR' });
  const result = await step.products(run.ctx, { archiveStatus: 'ARCHIVED' });
  return { run, result };
}

const rowsOf = (store: Store) =>
  [...store.products.values()]
    .map((p) => ({
      externalId: p.externalId,
      contentHash: p.contentHash,
      categoryIds: p.categoryIds,
      active: p.active,
      draft: p.draft,
    }))
    .sort((a, b) => (a.externalId < b.externalId ? -1 : 1));

const errorsOf = (errors: readonly RecordError[]) =>
  errors.map((e) => `${e.entity} ${e.externalId} ${e.field}: ${e.reason}`).sort();

// [name, feed]: each staged both ways, first with nothing remembered, then again (release r1).
const feeds: [string, Feed][] = [
  [
    'every variant priced',
    {
      products: [parsed(product('A')), parsed(product('B'))],
      prices: ['A-1', 'A-2', 'B-1', 'B-2'].map((v) => parsed(price(v))),
    },
  ],
  [
    'a variant unpriced (DRAFT, named), an inactive product, a malformed one',
    {
      products: [
        parsed(product('A')),
        parsed(product('B', { active: false })),
        malformed('C'),
        parsed(product('D')),
      ],
      prices: ['A-1', 'B-1', 'B-2', 'D-1', 'D-2'].map((v) => parsed(price(v))),
    },
  ],
  [
    'a product served twice (newest copy kept) and a product without variants',
    {
      products: [
        parsed(product('A', { title: 'old', updatedAt: '2026-11-01T00:00:00Z' })),
        parsed(product('E', { variants: [] })),
        parsed(product('A', { title: 'new', updatedAt: '2026-11-02T00:00:00Z' })),
      ],
      prices: ['A-1', 'A-2'].map((v) => parsed(price(v))),
    },
  ],
];

for (const [name, feed] of feeds)
  for (const release of ['r1', undefined])
    test(`catalog() stages as prices() then products(): ${name}, release ${release ?? 'none'}`, async () => {
      const before = createFakeCatalogStaging();
      const after = createFakeCatalogStaging();
      for (const round of ['first run', 'second run']) {
        const old = await oneAfterTheOther(before, feed, release);
        const now = await together(after, feed, release);
        assert.equal(rowsOf(after), rowsOf(before), round);
        assert.equal(errorsOf(now.run.errors), errorsOf(old.run.errors), round);
        assert.equal(now.result, old.result, round);
        assert.equal([...after.prices.keys()].sort(), [...before.prices.keys()].sort(), round);
      }
    });

/** A store where a first run (release r1) staged the feed and Shopify took what it was sent. */
async function synced(feed: Feed) {
  const first = createFakeCatalogStaging();
  await oneAfterTheOther(first, feed, 'r1');
  const shopifyHas = new Map(
    [...first.products.values()].map((p) => [p.externalId, p.contentHash]),
  );
  const store = createFakeCatalogStaging({ shopifyHas });
  for (const [id, known] of first.known) store.known.set(id, known);
  return store;
}

const pricedAB: Feed = {
  products: [parsed(product('A')), parsed(product('B'))],
  prices: ['A-1', 'A-2', 'B-1', 'B-2'].map((v) => parsed(price(v))),
};

// [name, this run's feed, products drafted (from the spool), errors named]
const runs: [string, Feed, string[], string[]][] = [
  ['nothing changed', pricedAB, [], []],
  [
    'a product changed (a delta)',
    { ...pricedAB, products: [parsed(product('A', { title: 'new' })), parsed(product('B'))] },
    ['A'],
    [],
  ],
  [
    'a price gone (ACTIVE -> DRAFT)',
    { ...pricedAB, prices: ['A-1', 'A-2', 'B-1'].map((v) => parsed(price(v))) },
    ['B'],
    ['product B variants[B-2].price'],
  ],
  [
    'a new product',
    {
      products: [...pricedAB.products, parsed(product('N'))],
      prices: [...pricedAB.prices, ...['N-1', 'N-2'].map((v) => parsed(price(v)))],
    },
    ['N'],
    [],
  ],
];
for (const [name, feed, drafted, errors] of runs)
  for (const timing of ['prices held', 'prices read'] as const)
    test(`catalog() after a synced run, ${name}, ${timing}: API X products read once, drafts for ${drafted.join(', ') || 'none'}`, async () => {
      const store = await synced(pricedAB);
      const { run, productReads, spoolReads, spooledIds } = await together(
        store,
        feed,
        'r1',
        timing,
      );
      assert.is(productReads, 1);
      assert.is(spoolReads, drafted.length > 0 ? 1 : 0, 'the spool is read only for drafts');
      // With its prices read, a product is spooled only when it may need a draft; one still
      // waiting for a price (it never comes) waits in memory instead.
      const waitingForAPrice = errors.map((e) => e.split(' ')[1]);
      if (timing === 'prices read')
        assert.equal(
          spooledIds.sort(),
          drafted.filter((id) => !waitingForAPrice.includes(id)),
          'spooled',
        );
      assert.equal(
        run.errors.map((e) => `${e.entity} ${e.externalId} ${e.field}`),
        errors,
      );
      const withDraft = [...store.products.values()].filter((p) => p.draft !== null);
      assert.equal(withDraft.map((p) => p.externalId).sort(), drafted);
      for (const p of withDraft) {
        const expected = feed.products.find((f) => f.ok && f.value.externalId === p.externalId);
        assert.is(p.draft?.title, expected?.ok ? expected.value.title : undefined);
        // Drafts carry this run's prices; a variant without one goes as a DRAFT product.
        const unpriced = errors.length > 0 && p.externalId === 'B';
        assert.is(p.draft?.status, unpriced ? 'DRAFT' : 'ACTIVE');
        if (!unpriced) assert.ok(p.draft?.variants.every((v) => v.price === '10.00'));
      }
      for (const p of store.products.values())
        if (p.draft === null) assert.is(p.contentHash, store.known.get(p.externalId)?.contentHash);
    });

test('catalog(): an unchanged inactive product is not spooled, whatever its prices; a changed one is drafted from the spool', async () => {
  const inactiveB: Feed = {
    products: [parsed(product('A')), parsed(product('B', { active: false }))],
    prices: ['A-1', 'A-2'].map((v) => parsed(price(v))),
  };
  const unchanged = await together(await synced(inactiveB), inactiveB, 'r1', 'prices read');
  assert.equal(unchanged.spooledIds, []);
  assert.is(unchanged.spoolReads, 0);
  const store = await synced(inactiveB);
  const changed = await together(
    store,
    {
      ...inactiveB,
      products: [parsed(product('A')), parsed(product('B', { active: false, title: 'new' }))],
    },
    'r1',
    'prices read',
  );
  assert.equal(changed.spooledIds, ['B']);
  assert.is(store.products.get('B')?.draft?.title, 'new');
  assert.is(store.products.get('B')?.draft?.status, 'ARCHIVED');
});

test('catalog(): products read before their prices wait for them in memory, not in the spool; one whose price never comes is drafted all the same', async () => {
  // 'prices held': every product batch is staged before any price is read.
  const unchanged = await together(await synced(pricedAB), pricedAB, 'r1', 'prices held');
  assert.equal(unchanged.spooledIds, []);
  assert.is(unchanged.spoolReads, 0);
  const store = await synced(pricedAB);
  const priceGone = await together(
    store,
    { ...pricedAB, prices: ['A-1', 'A-2', 'B-1'].map((v) => parsed(price(v))) },
    'r1',
    'prices held',
  );
  assert.equal(priceGone.spooledIds, []);
  assert.is(store.products.get('B')?.draft?.status, 'DRAFT');
  assert.is(store.products.get('A')?.draft, null);
});

test('catalog(): a product still not in Shopify (wanted every run) is drafted from the spool, API X read once', async () => {
  const store = await synced(pricedAB);
  // Shopify never took B: its remembered hash is not what the mappings hold.
  const wanting = createFakeCatalogStaging({
    shopifyHas: new Map([['A', store.known.get('A')?.contentHash ?? '']]),
  });
  for (const [id, known] of store.known) wanting.known.set(id, known);
  const { productReads, spoolReads } = await together(wanting, pricedAB, 'r1');
  assert.is(productReads, 1);
  assert.is(spoolReads, 1);
  assert.is(wanting.products.get('B')?.draft?.externalId, 'B');
  assert.is(wanting.products.get('A')?.draft, null);
});

test('catalog(): when the product read fails, the price read is stopped and the step fails with the error', async () => {
  const store = createFakeCatalogStaging();
  let pricesStopped = false;
  const source: CatalogSource = {
    ...createFakeCatalogSource({}),
    // eslint-disable-next-line require-yield
    async *products() {
      throw new Error('API X answered 503');
    },
    async *prices() {
      try {
        for (let i = 0; ; i += 1) {
          await new Promise((resolve) => setImmediate(resolve));
          yield parsed(price(`V-${i}`));
        }
      } finally {
        pricesStopped = true;
      }
    },
  };
  const run = fakeStepContext();
  const spools = createFakeRecordSpools();
  const step = createStageCatalog({ source, state: store.staging, openSpool: spools.open });
  try {
    await step.catalog(run.ctx, { shopCurrency: 'EUR', archiveStatus: 'ARCHIVED' });
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.is((error as Error).message, 'API X answered 503');
  }
  assert.ok(pricesStopped);
  assert.is(spools.counts().closed, 1, 'the spool is removed');
});

test.run();
