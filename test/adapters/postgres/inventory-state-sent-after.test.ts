import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgInventoryState } from '../../../src/adapters/postgres/inventory-state.js';
import { keysetPages } from '../../../src/app/usecases/keyset-pages.js';
import type { LevelKey, SentLevel } from '../../../src/domain/ports/inventory-state.js';
import { useTestDatabase } from '../../support/test-database.js';

// A full stock read compares API X's levels with every level remembered as sent
// (unreported-levels.ts), a page at a time: the pages must bring each remembered level of the
// shop exactly once, whatever the ids look like.

const db = useTestDatabase(test);
const LOC = 'gid://shopify/Location/1';

const level = (variantExternalId: string, warehouseId: string, onHand: number): SentLevel => ({
  variantExternalId,
  warehouseId,
  locationId: LOC,
  onHand,
  sourceUpdatedAt: '2026-12-01T10:00:00.123Z',
  variantId: `gid://shopify/ProductVariant/${onHand}`,
  itemId: `gid://shopify/InventoryItem/${onHand}`,
});

// Ids whose orders differ by byte and by collation, a prefix of another, and one variant at
// several warehouses (a page may end between them).
const LEVELS = [
  level('a', 'WH-1', 1),
  level('A', 'WH-1', 2),
  level('A', 'WH-2', 3),
  level('A0', 'WH-1', 4),
  level('A-1', 'WH-1', 5),
  level('b', 'WH-10', 6),
  level('b', 'WH-2', 7),
  level('Z', 'WH-1', 8),
  level('é', 'WH-1', 9),
];

const key = (l: LevelKey) => `${l.variantExternalId}@${l.warehouseId}`;

async function allPages(shop: string, limit: number): Promise<SentLevel[][]> {
  const state = createPgInventoryState(db.pool, shop);
  const pages: SentLevel[][] = [];
  for await (const page of keysetPages<SentLevel, LevelKey | null>(
    null,
    (after) => state.sentAfter(after, limit),
    (l) => l,
  ))
    pages.push([...page]);
  return pages;
}

test('sentAfter: every remembered level once, in one order, at any page size', async () => {
  const shop = 'pages.myshopify.com';
  await createPgInventoryState(db.pool, shop).saveSent(LEVELS);
  // Another shop's levels never show.
  await createPgInventoryState(db.pool, 'other.myshopify.com').saveSent([level('A', 'WH-1', 99)]);

  const [whole, ...none] = await allPages(shop, 100);
  assert.equal(none, []);
  assert.equal(
    [...(whole ?? [])].map(key).sort(),
    LEVELS.map(key).sort(),
    'every level of the shop, no other',
  );
  assert.equal(
    whole?.find((l) => key(l) === 'b@WH-2'),
    level('b', 'WH-2', 7),
    'read back whole',
  );
  for (const size of [1, 2, 4]) {
    const pages = await allPages(shop, size);
    assert.ok(
      pages.every((p) => p.length <= size),
      `pages of at most ${size}`,
    );
    assert.equal(pages.flat().map(key), (whole ?? []).map(key), `pages of ${size}, same order`);
  }
});

test('sentAfter: nothing remembered, one empty page', async () => {
  const state = createPgInventoryState(db.pool, 'empty.myshopify.com');
  assert.equal(await state.sentAfter(null, 10), []);
  assert.equal(await state.sentAfter({ variantExternalId: 'A', warehouseId: 'WH-1' }, 10), []);
});

test("catalogued: the variants whose price the catalogue job's last read staged, of this shop", async () => {
  const shop = 'catalogued.myshopify.com';
  await db.pool.query(
    `INSERT INTO staged_prices (shop, variant_external_id, amount, compare_at, content_hash)
     VALUES ($1, 'A', '1.00', NULL, 'h'), ($1, 'B', '2.00', NULL, 'h'), ('other.myshopify.com', 'C', '3.00', NULL, 'h')`,
    [shop],
  );
  const state = createPgInventoryState(db.pool, shop);
  assert.equal([...(await state.catalogued(['A', 'C', 'Z', 'B']))].sort(), ['A', 'B']);
  assert.equal([...(await state.catalogued([]))], []);
});

test.run();
