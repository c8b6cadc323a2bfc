import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgInventoryState } from '../../../src/adapters/postgres/inventory-state.js';
import { createPgStockRechecks } from '../../../src/adapters/postgres/stock-rechecks.js';
import type { SentLevel } from '../../../src/domain/ports/inventory-state.js';
import { useTestDatabase } from '../../support/test-database.js';

// The shipment step marks the levels its fulfilment moved; sync-inventory reads the marks, checks
// those levels and clears what it read. A mark made after the read must survive the clearing, or
// a fulfilment landing during a stock run would be forgotten.

const db = useTestDatabase(test);
const LOC = 'gid://shopify/Location/1';
const OTHER_LOC = 'gid://shopify/Location/2';

const sent = (v: string, w: string, locationId: string, variantId: string | null): SentLevel => ({
  variantExternalId: v,
  warehouseId: w,
  locationId,
  onHand: 7,
  sourceUpdatedAt: '2026-12-01T10:00:00.123Z',
  variantId,
  itemId: variantId === null ? null : variantId.replace('ProductVariant', 'InventoryItem'),
});
const gid = (n: number) => `gid://shopify/ProductVariant/${n}`;

async function seeded(shop: string) {
  await createPgInventoryState(db.pool, shop).saveSent([
    sent('A', 'WH-1', LOC, gid(1)),
    sent('A', 'WH-2', OTHER_LOC, gid(1)),
    sent('B', 'WH-1', LOC, gid(2)),
    sent('C', 'WH-1', LOC, null), // written before variant GIDs were kept
  ]);
  return createPgStockRechecks(db.pool, shop);
}

test('mark: the remembered levels of those variants at that location, nothing else', async () => {
  const rechecks = await seeded('mark.myshopify.com');
  assert.equal(await rechecks.due(), []);
  await rechecks.mark([gid(1), gid(3)], LOC);
  await rechecks.mark([], LOC);
  const due = await rechecks.due();
  assert.equal(
    due.map(({ markedAt: _, ...r }) => r),
    [
      {
        variantExternalId: 'A',
        warehouseId: 'WH-1',
        sourceUpdatedAt: '2026-12-01T10:00:00.123Z',
        variantId: gid(1),
      },
    ],
  );
  assert.match(due[0]!.markedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  // Another shop's rows are not marked, and do not show.
  const other = await seeded('other.myshopify.com');
  assert.equal(await other.due(), []);
});

test('settle clears the marks read, not one made again since', async () => {
  const rechecks = await seeded('settle.myshopify.com');
  await rechecks.mark([gid(1), gid(2)], LOC);
  const read = await rechecks.due();
  assert.is(read.length, 2);
  await rechecks.mark([gid(2)], LOC); // a fulfilment lands while the stock run works
  await rechecks.settle(read);
  const left = await rechecks.due();
  assert.equal(
    left.map((r) => r.variantExternalId),
    ['B'],
  );
  await rechecks.settle(left);
  assert.equal(await rechecks.due(), []);
});

test('waiting: the marks left, counted with the oldest one; none is 0 and null', async () => {
  const rechecks = await seeded('waiting.myshopify.com');
  assert.equal(await rechecks.waiting(), { count: 0, oldestMarkedAt: null });
  const before = Date.now();
  await rechecks.mark([gid(1)], LOC);
  await rechecks.mark([gid(2)], LOC);
  const read = await rechecks.due();
  const w = await rechecks.waiting();
  assert.is(w.count, 2);
  // The first mark's instant (microseconds in Postgres, milliseconds here).
  assert.is(w.oldestMarkedAt?.getTime(), Math.floor(Date.parse(read[0]!.markedAt)));
  assert.ok((w.oldestMarkedAt?.getTime() ?? 0) >= before - 1000);
  // Another shop's marks are not counted.
  assert.equal(await (await seeded('waiting-other.myshopify.com')).waiting(), {
    count: 0,
    oldestMarkedAt: null,
  });
  await rechecks.settle(read.filter((r) => r.variantExternalId === 'A'));
  assert.is((await rechecks.waiting()).count, 1);
});

test("a write of the level keeps its mark: only the stock run's settle clears it", async () => {
  const shop = 'write.myshopify.com';
  const rechecks = await seeded(shop);
  await rechecks.mark([gid(1)], LOC);
  await createPgInventoryState(db.pool, shop).saveSent([sent('A', 'WH-1', LOC, gid(1))]);
  assert.is((await rechecks.due()).length, 1);
});

test.run();
