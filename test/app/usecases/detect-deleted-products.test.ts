/**
 * The hand-deletion check over real PostgreSQL (mappings, marks in sync_cursors) and a fake
 * Shopify that records which of its two ways of finding deletions was used.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogState } from '../../../src/adapters/postgres/catalog-state.js';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import {
  createDetectDeletedProducts,
  deletionCheckMode,
  DELETION_EVENTS_OVERLAP_MS,
} from '../../../src/app/usecases/detect-deleted-products.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type { ShopifyCatalog } from '../../../src/domain/ports/shopify-catalog.js';
import { silent } from '../../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const SHOP = 'deletions.myshopify.com';
const gid = (n: number) => `gid://shopify/Product/${n}`;
const at = (iso: string) => new Date(iso);

test('deletionCheckMode: a complete listing first and when due, deletion events in between', () => {
  const now = at('2026-11-25T03:00:00Z');
  const cases: [string, Date | null, Date | null, number, 'full' | 'events'][] = [
    ['never checked', null, null, 168, 'full'],
    ['events only so far (marks half written)', at('2026-11-24T03:00:00Z'), null, 168, 'full'],
    ['full check a day ago', at('2026-11-24T03:00:00Z'), at('2026-11-24T03:00:00Z'), 168, 'events'],
    ['full check just under a week ago', now, at('2026-11-18T03:00:01Z'), 168, 'events'],
    ['full check exactly a week ago', now, at('2026-11-18T03:00:00Z'), 168, 'full'],
    ['0 hours: a listing every run', now, now, 0, 'full'],
  ];
  for (const [name, checkedUpTo, lastFullCheckAt, hours, expected] of cases) {
    assert.is(deletionCheckMode({ checkedUpTo, lastFullCheckAt }, now, hours), expected, name);
  }
});

let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase();
});
test.after(async () => {
  await db?.drop();
});

interface FakeShopify {
  readonly shopify: Pick<ShopifyCatalog, 'listSyncedProducts' | 'deletedProductsSince'>;
  /** Products still in the shop (GID -> external id). */
  readonly products: Map<string, string>;
  readonly deletions: { productId: string; occurredAt: Date }[];
  readonly calls: string[];
}

function fakeShopify(): FakeShopify {
  const products = new Map<string, string>();
  const deletions: { productId: string; occurredAt: Date }[] = [];
  const calls: string[] = [];
  return {
    products,
    deletions,
    calls,
    shopify: {
      async *listSyncedProducts() {
        calls.push('listing');
        for (const [productId, externalId] of products) yield { productId, externalId };
      },
      async *deletedProductsSince(since) {
        calls.push(`events since ${since}`);
        for (const d of deletions) if (d.occurredAt >= new Date(since)) yield d.productId;
      },
    },
  };
}

function context(): StepContext {
  return {
    runId: '1',
    signal: new AbortController().signal,
    logger: silent,
    counter: createRunCounter(),
    recordError: async () => {},
  };
}

async function mapProducts(count: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash)
     SELECT $1, 'product', 'P' || n, 'gid://shopify/Product/' || n, 'h' || n FROM generate_series(1, $2) AS n`,
    [SHOP, count],
  );
}

async function forgottenIds(): Promise<string[]> {
  const { rows } = await db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM mappings WHERE shop = $1 AND entity = 'product' AND content_hash IS NULL ORDER BY shopify_id`,
    [SHOP],
  );
  return rows.map((r) => r.shopify_id);
}

test('first run with nothing mapped: no listing, marks set; then events; then a listing once due', async () => {
  const fake = fakeShopify();
  const state = createPgCatalogState(db.pool, SHOP);
  let now = at('2026-11-20T03:00:00Z');
  const check = createDetectDeletedProducts({ shopify: fake.shopify, state, now: () => now });
  const options = { fullCheckEveryHours: 168 };

  const first = await check.run(context(), options);
  assert.equal(first, { mode: 'none', forgotten: 0 });
  assert.equal(fake.calls, [], 'nothing mapped: Shopify is not asked');

  // The run synced three products; a day later a merchant deleted one and one of their own.
  await mapProducts(3);
  for (let n = 1; n <= 3; n++) fake.products.set(gid(n), `P${n}`);
  fake.products.delete(gid(2));
  fake.deletions.push(
    { productId: gid(2), occurredAt: at('2026-11-20T15:00:00Z') },
    { productId: gid(999), occurredAt: at('2026-11-20T16:00:00Z') },
  );
  now = at('2026-11-21T03:00:00Z');
  const second = await check.run(context(), options);
  assert.equal(second, { mode: 'events', forgotten: 1 });
  const overlapStart = new Date(
    at('2026-11-20T03:00:00Z').getTime() - DELETION_EVENTS_OVERLAP_MS,
  ).toISOString();
  assert.equal(fake.calls, [`events since ${overlapStart}`]);
  assert.equal(await forgottenIds(), [gid(2)], "only our product; the merchant's own is ignored");

  // A deletion the events do not show (e.g. older than their retention) is found by the listing.
  fake.calls.length = 0;
  fake.products.delete(gid(3));
  now = at('2026-11-27T03:00:00Z');
  const third = await check.run(context(), options);
  assert.is(third.mode, 'full');
  assert.equal(fake.calls, ['listing']);
  assert.equal(await forgottenIds(), [gid(2), gid(3)]);

  const marks = await state.deletionCheckMarks();
  assert.equal(marks, { checkedUpTo: now, lastFullCheckAt: now });
});

test('a stored mark that cannot be read counts as never checked: a complete listing', async () => {
  await db.pool.query(
    `UPDATE sync_cursors SET value = 'not a time' WHERE shop = $1 AND stream = 'product-deletions'`,
    [SHOP],
  );
  const fake = fakeShopify();
  const state = createPgCatalogState(db.pool, SHOP);
  assert.is((await state.deletionCheckMarks()).checkedUpTo, null);
  const r = await createDetectDeletedProducts({ shopify: fake.shopify, state }).run(context(), {
    fullCheckEveryHours: 168,
  });
  assert.is(r.mode, 'full');
  assert.equal(fake.calls, ['listing']);
});

test.run();
