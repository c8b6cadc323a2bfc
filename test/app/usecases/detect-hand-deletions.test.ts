/**
 * The hand-deletion check over real PostgreSQL (mappings, marks in sync_cursors) and a fake
 * Shopify that records which of its ways of finding deletions was used.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../src/adapters/postgres/catalog/catalog-stores.js';
import { createRunCounter } from '../../../src/app/jobs/run-counter.js';
import {
  createDetectHandDeletions,
  deletionCheckMode,
  DELETION_EVENTS_OVERLAP_MS,
} from '../../../src/app/usecases/detect-hand-deletions.js';
import type { StepContext } from '../../../src/app/usecases/step-context.js';
import type {
  DeletionEvent,
  ShopifyDeletions,
} from '../../../src/domain/ports/shopify-deletions.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { silent } from '../../support/silent-logger.js';
import { useTestDatabase } from '../../support/test-database.js';

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
    ['a mark in the future (the clock was wrong)', at('2026-11-26T03:00:00Z'), now, 168, 'full'],
    ['a full check in the future', now, at('2026-11-26T03:00:00Z'), 168, 'full'],
  ];
  for (const [name, checkedUpTo, lastFullCheckAt, hours, expected] of cases) {
    assert.is(deletionCheckMode({ checkedUpTo, lastFullCheckAt }, now, hours), expected, name);
  }
});

const db = useTestDatabase(test);

interface FakeShopify {
  readonly shopify: ShopifyDeletions;
  /** Products still in the shop (GID -> external id). */
  readonly products: Map<string, string>;
  readonly collections: Set<string>;
  readonly deletions: (DeletionEvent & { occurredAt: Date })[];
  readonly calls: string[];
}

function fakeShopify(): FakeShopify {
  const products = new Map<string, string>();
  const collections = new Set<string>();
  const deletions: (DeletionEvent & { occurredAt: Date })[] = [];
  const calls: string[] = [];
  return {
    products,
    collections,
    deletions,
    calls,
    shopify: {
      async *listSyncedProducts() {
        calls.push('product listing');
        for (const [productId, externalId] of products)
          yield { kind: 'product' as const, productId, externalId };
      },
      async *deletionEventsSince(since: string) {
        calls.push(`events since ${since}`);
        for (const { subjectType, subjectId, occurredAt } of deletions)
          if (occurredAt >= new Date(since)) yield { subjectType, subjectId };
      },
      async existingCollections(ids: readonly string[]) {
        calls.push('collection lookup');
        return new Set(ids.filter((id) => collections.has(id)));
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

const collectionGid = (n: number) => `gid://shopify/Collection/${n}`;

/** Products P1..Pn mapped to Product/1..n, members of category C1, collections C1..C2. */
async function mapCatalogue(products: number): Promise<void> {
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash, data)
     SELECT $1, 'product', 'P' || n, 'gid://shopify/Product/' || n, 'h' || n, '{"memberOf": ["C1"]}'
       FROM generate_series(1, $2) AS n`,
    [SHOP, products],
  );
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash)
     VALUES ($1, 'collection', 'C1', $2, 'c1'), ($1, 'collection', 'C2', $3, 'c2')`,
    [SHOP, collectionGid(1), collectionGid(2)],
  );
}

async function forgottenIds(): Promise<string[]> {
  const { rows } = await db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM mappings WHERE shop = $1 AND entity = 'product' AND content_hash IS NULL ORDER BY shopify_id`,
    [SHOP],
  );
  return rows.map((r) => r.shopify_id);
}

async function collectionMappings(): Promise<Record<string, string | null>> {
  const { rows } = await db.pool.query<{ external_id: string; shopify_id: string | null }>(
    `SELECT external_id, shopify_id FROM mappings WHERE shop = $1 AND entity = 'collection'`,
    [SHOP],
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.shopify_id]));
}

async function membersOfC1(): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM mappings WHERE shop = $1 AND entity = 'product' AND data->'memberOf' ? 'C1'`,
    [SHOP],
  );
  return Number(rows[0]?.n);
}

test('first run with nothing mapped: no listing, marks set; then events; then a listing once due', async () => {
  const fake = fakeShopify();
  const state = createPgCatalogStores(db.pool, SHOP);
  let now = at('2026-11-20T03:00:00Z');
  const check = createDetectHandDeletions({ shopify: fake.shopify, state, now: () => now });
  const options = { fullCheckEveryHours: 168 };
  const run = async () => {
    const started = check.start(context(), options);
    return { collections: await started.collections, ...(await started.products) };
  };

  assert.equal(await run(), { collections: 0, mode: 'none', forgotten: 0 });
  assert.equal(fake.calls, [], 'nothing mapped: Shopify is not asked');

  // The run synced three products and two collections; a day later a merchant deleted one
  // product, collection C1 and one of their own products.
  await mapCatalogue(3);
  for (let n = 1; n <= 3; n++) fake.products.set(gid(n), `P${n}`);
  fake.collections.add(collectionGid(2));
  fake.products.delete(gid(2));
  fake.deletions.push(
    { subjectType: 'PRODUCT', subjectId: gid(2), occurredAt: at('2026-11-20T15:00:00Z') },
    {
      subjectType: 'COLLECTION',
      subjectId: collectionGid(1),
      occurredAt: at('2026-11-20T15:30:00Z'),
    },
    { subjectType: 'PRODUCT', subjectId: gid(999), occurredAt: at('2026-11-20T16:00:00Z') },
  );
  now = at('2026-11-21T03:00:00Z');
  assert.equal(await run(), { collections: 1, mode: 'events', forgotten: 1 });
  const overlapStart = new Date(
    at('2026-11-20T03:00:00Z').getTime() - DELETION_EVENTS_OVERLAP_MS,
  ).toISOString();
  assert.equal(fake.calls, [`events since ${overlapStart}`], 'one read serves both halves');
  assert.equal(await forgottenIds(), [gid(2)], "only our product; the merchant's own is ignored");
  assert.equal(await collectionMappings(), { C1: null, C2: collectionGid(2) });
  assert.is(await membersOfC1(), 0, 'the new C1 gets its products added again');

  // Deletions the events do not show (e.g. older than their retention) are found by the
  // complete check once it is due.
  fake.calls.length = 0;
  fake.products.delete(gid(3));
  fake.collections.delete(collectionGid(2));
  now = at('2026-11-27T03:00:00Z');
  const third = await run();
  assert.equal(third, { collections: 1, mode: 'full', forgotten: 2 });
  assert.equal(fake.calls.sort(), ['collection lookup', 'product listing']);
  assert.equal(await forgottenIds(), [gid(2), gid(3)]);
  assert.equal(await collectionMappings(), { C1: null, C2: null });

  const marks = await state.deletionCheckMarks();
  assert.equal(marks, { checkedUpTo: now, lastFullCheckAt: now });
});

test('a failed half leaves the mark where it was: the next run checks the same span again', async () => {
  const fake = fakeShopify();
  const state = createPgCatalogStores(db.pool, SHOP);
  const before = await state.deletionCheckMarks();
  fake.shopify.listSyncedProducts = async function* () {
    yield* [];
    throw new Error('bulk export ended FAILED');
  };
  const started = createDetectHandDeletions({ shopify: fake.shopify, state }).start(context(), {
    fullCheckEveryHours: 0,
  });
  await started.collections;
  const failure = await rejectionOf(started.products);
  assert.match(String(failure), /FAILED/, JSON.stringify(failure));
  assert.equal(await state.deletionCheckMarks(), before);
});

test('a stored mark that cannot be read counts as never checked: a complete check', async () => {
  await db.pool.query(
    `UPDATE sync_cursors SET value = 'not a time' WHERE shop = $1 AND stream = 'product-deletions'`,
    [SHOP],
  );
  const fake = fakeShopify();
  const state = createPgCatalogStores(db.pool, SHOP);
  assert.is((await state.deletionCheckMarks()).checkedUpTo, null);
  const started = createDetectHandDeletions({ shopify: fake.shopify, state }).start(context(), {
    fullCheckEveryHours: 168,
  });
  await started.collections;
  assert.is((await started.products).mode, 'full');
  assert.equal(fake.calls, ['product listing'], 'no collection mapped any more: none looked up');
});

test.run();
