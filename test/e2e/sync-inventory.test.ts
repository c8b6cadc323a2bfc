import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixStockRecord } from '../../simulators/apix/stock.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { logLines } from '../support/log-lines.js';

let variantGid: Map<string, string>;
let location: Record<string, string>;
const MAPPING = 'WH-1=Main warehouse;WH-2=Outlet';
const inventoryEnv = { INVENTORY_LOCATIONS: MAPPING };

const e2e = useE2eEnvironment(test, {
  shopify: {
    locations: [
      { name: 'Main warehouse' },
      { name: 'Outlet' },
      { name: 'Old shop', active: false },
    ],
  },
  apix: { products: 12, warehouses: ['WH-1', 'WH-2', 'WH-3'] },
});
test.before(async () => {
  const catalogue = await e2e.cli(['sync-to-shopify']);
  assert.is(catalogue.code, 0, catalogue.stderr);
  const byName = new Map(e2e.shopify.inventory.locations().map((l) => [l.name, l.id]));
  location = { 'WH-1': byName.get('Main warehouse') ?? '', 'WH-2': byName.get('Outlet') ?? '' };
  const { rows } = await e2e.db.pool.query<{ external_id: string; shopify_id: string }>(
    `SELECT external_id, shopify_id FROM mappings WHERE entity = 'variant'`,
  );
  variantGid = new Map(rows.map((r) => [r.external_id, r.shopify_id]));
});

const syncInventory = (extra: Record<string, string> = {}) =>
  e2e.cli(['sync-inventory'], { ...inventoryEnv, ...extra });
const mapped = (l: ApixStockRecord) => l.warehouseId in location;
const shopLevel = (l: Pick<ApixStockRecord, 'variantId' | 'warehouseId'>) =>
  e2e.shopify.inventory.level(variantGid.get(l.variantId) ?? '', location[l.warehouseId] ?? '');
const stockCounts = (summary: Record<string, unknown> | null) =>
  (summary?.['counts'] as Record<string, Record<string, number>> | undefined)?.['stock'] ?? {};

/** Makes the next run a reconcile, as if INVENTORY_RECONCILE_HOURS had passed. */
async function forceReconcile(): Promise<void> {
  await e2e.db.pool.query(
    `UPDATE sync_cursors SET value = '2026-01-01T00:00:00.000Z' WHERE stream = 'inventory:reconciled-at'`,
  );
}

function assertShopHoldsApix(): void {
  for (const level of e2e.apix.stock.levels()) {
    if (!mapped(level)) continue;
    assert.is(
      shopLevel(level)?.onHand,
      level.onHand,
      `on hand of ${level.variantId}@${level.warehouseId}`,
    );
  }
}

test('initial run: every mapped level tracked, stocked and set; the unmapped warehouse ignored', async () => {
  const r = await syncInventory();
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.is(r.summary?.['status'], 'succeeded');
  const all = [...e2e.apix.stock.levels()];
  assertShopHoldsApix();
  for (const gid of variantGid.values()) assert.ok(e2e.shopify.inventory.tracked(gid), gid);
  const counts = stockCounts(r.summary);
  assert.is(counts['ignored'], all.filter((l) => l.warehouseId === 'WH-3').length);
  // Levels that start at 0 need no write once activated; the rest are created.
  assert.is((counts['created'] ?? 0) + (counts['unchanged'] ?? 0), all.filter(mapped).length);
  const adjustments = e2e.shopify.inventory.adjustments();
  assert.ok(adjustments.length > 0);
  for (const a of adjustments) {
    assert.is(a.reason, 'correction');
    assert.match(a.referenceDocumentUri ?? '', /^gid:\/\/api-x\/StockLevels\/\d+$/);
    assert.is(a.name, 'on_hand');
  }
});

test('a delta sends exactly the changed mapped levels', async () => {
  const changed = e2e.apix.stock.applyChanges({ seed: 2, fraction: 0.2 });
  const expected = changed.filter(mapped);
  assert.ok(expected.length > 0);
  e2e.shopify.resetCounters();
  const r = await syncInventory();
  assert.is(r.code, 0, r.stderr);
  assert.is(stockCounts(r.summary)['updated'], expected.length);
  assertShopHoldsApix();
  // Written from memory: the item and the confirmed quantity come from Postgres, so the delta
  // reads nothing from Shopify and stocks nothing again.
  const fields = e2e.shopify.counters().rootFields;
  assert.equal(
    ['nodes', 'inventoryBulkToggleActivation', 'inventoryItemUpdate'].map((f) => fields[f] ?? 0),
    [0, 0, 0],
  );
  // Many quantities per call: the batch size (INVENTORY_BATCH_SIZE, 100), not one call each.
  assert.is(fields['inventorySetQuantities'], Math.ceil(expected.length / 100));
});

test('a level changed in Shopify since our last write is answered as stale, re-read and re-sent', async () => {
  const [level] = [...e2e.apix.stock.levels()].filter(mapped);
  const variant = variantGid.get(level!.variantId) ?? '';
  // A person counted the shelf in the admin; then API X's own count changes.
  e2e.shopify.inventory.editOnHand(variant, location[level!.warehouseId]!, level!.onHand + 7);
  e2e.apix.stock.set(level!.variantId, level!.warehouseId, level!.onHand + 2);
  e2e.shopify.resetCounters();
  const r = await syncInventory();
  assert.is(r.code, 0, r.stderr);
  assert.is(shopLevel(level!)?.onHand, level!.onHand + 2);
  const fields = e2e.shopify.counters().rootFields;
  // Sent from memory (stale), read once, sent again with what Shopify holds.
  assert.is(fields['inventorySetQuantities'], 2);
  assert.is(fields['nodes'], 1);
  assert.is(stockCounts(r.summary)['updated'], 1);
  assert.equal(r.summary?.['recordErrors'], {});
});

// COMPARE_QUANTITY_STALE is the other stale code of InventorySetQuantitiesUserErrorCode [schema],
// and a userError's field may be null: the run used to stop on it, refusing the whole batch.
test('a stale answer naming no line (COMPARE_QUANTITY_STALE): each level is re-read, the run goes on', async () => {
  const [edited, other] = [...e2e.apix.stock.levels()].filter(mapped);
  const variant = variantGid.get(edited!.variantId) ?? '';
  e2e.shopify.inventory.editOnHand(variant, location[edited!.warehouseId]!, edited!.onHand + 7);
  e2e.apix.stock.set(edited!.variantId, edited!.warehouseId, edited!.onHand + 2);
  e2e.apix.stock.set(other!.variantId, other!.warehouseId, other!.onHand + 1);
  e2e.shopify.inventory.answerStaleWith('COMPARE_QUANTITY_STALE', { namesLine: false });
  try {
    const r = await syncInventory();
    assert.is(r.code, 0, r.stderr);
    assert.is(shopLevel(edited!)?.onHand, edited!.onHand + 2);
    assert.is(shopLevel(other!)?.onHand, other!.onHand + 1);
    assert.equal(r.summary?.['recordErrors'], {});
  } finally {
    e2e.shopify.inventory.answerStaleWith('CHANGE_FROM_QUANTITY_STALE');
  }
});

test('a quiet run right after sends nothing to Shopify', async () => {
  e2e.shopify.resetCounters();
  const r = await syncInventory();
  assert.is(r.code, 0, r.stderr);
  const fields = e2e.shopify.counters().rootFields;
  assert.equal(
    [
      'inventorySetQuantities',
      'inventoryActivate',
      'inventoryBulkToggleActivation',
      'inventoryItemUpdate',
      'nodes',
    ].map((f) => fields[f] ?? 0),
    [0, 0, 0, 0, 0],
  );
  assert.is(stockCounts(r.summary)['updated'], undefined);
});

test('an order placed in Shopify after API X took its snapshot: no oversell, no double count', async () => {
  const level = [...e2e.apix.stock.levels()].find((l) => l.warehouseId === 'WH-1')!;
  const variant = variantGid.get(level.variantId) ?? '';
  e2e.apix.stock.set(level.variantId, 'WH-1', 10);
  // API X answers the read with 10 on hand; then, before our write, a customer buys 3.
  e2e.apix.stock.onFirstPage(() => {
    e2e.shopify.orders.create({
      lineItems: [{ title: 'x', quantity: 3, unitPrice: '1.00', variantId: variant }],
    });
  });
  const r = await syncInventory();
  e2e.apix.stock.onFirstPage(null);
  assert.is(r.code, 0, r.stderr);
  // 10 physically there, 3 promised to the order: 7 may still be sold. Setting available to
  // API X's 10 would oversell by 3; subtracting the order on our side as well would show 4.
  assert.equal(shopLevel(level), { onHand: 10, committed: 3, available: 7 });
});

test('bad input is held back and named; the rest still goes', async () => {
  const [a, b, c] = [...e2e.apix.stock.levels()].filter(mapped);
  e2e.apix.stock.corrupt(a!.variantId, a!.warehouseId, { onHand: -4 });
  e2e.apix.stock.set(b!.variantId, b!.warehouseId, 31);
  // An older copy of b, still inside the incremental read's window, served after the newer one:
  // a level API X re-serves is normal (docs/api-x.openapi.yaml, GET /v1/stock), no record error.
  e2e.apix.stock.duplicate({
    ...e2e.apix.stock.level(b!.variantId, b!.warehouseId)!,
    onHand: 2,
    updatedAt: new Date(Date.now() - 60_000).toISOString(),
  });
  e2e.apix.stock.set(c!.variantId, c!.warehouseId, 17);
  // A variant API X's own catalogue did not have when sync-to-shopify read it after this level
  // last changed: unknown, not waiting. A reconcile (full read) sees a level that old.
  e2e.apix.stock.corrupt(c!.variantId, c!.warehouseId, {
    variantId: 'NO-SUCH-VARIANT',
    updatedAt: '2026-02-01T00:00:00.000Z',
  });
  await forceReconcile();
  try {
    const r = await syncInventory();
    assert.is(r.code, 0, r.stderr);
    const errors = await e2e.db.pool.query<{ external_id: string; field: string; reason: string }>(
      `SELECT external_id, field, reason FROM record_errors WHERE run_id = $1 ORDER BY id`,
      [r.summary?.['runId']],
    );
    const byField = new Map(errors.rows.map((e) => [e.field, e]));
    assert.is(byField.get('onHand')?.external_id, `${a!.variantId}@${a!.warehouseId}`);
    assert.match(byField.get('onHand')?.reason ?? '', /negative/);
    assert.not.ok(
      errors.rows.some((e) => e.external_id === `${b!.variantId}@${b!.warehouseId}`),
      'a re-served copy is no record error',
    );
    assert.is(byField.get('variantId')?.external_id, `NO-SUCH-VARIANT@${c!.warehouseId}`);
    assert.is(shopLevel(b!)?.onHand, 31, 'the newer copy wins');
  } finally {
    e2e.apix.stock.clearCorruptions();
  }
});

test('a hand edit in Shopify is corrected by the reconcile, not by the runs in between', async () => {
  const level = [...e2e.apix.stock.levels()].find((l) => l.warehouseId === 'WH-2')!;
  const variant = variantGid.get(level.variantId) ?? '';
  e2e.shopify.inventory.editOnHand(variant, location['WH-2']!, level.onHand + 5);
  const quiet = await syncInventory();
  assert.is(quiet.code, 0, quiet.stderr);
  assert.is(shopLevel(level)?.onHand, level.onHand + 5, 'an incremental run does not read Shopify');
  await forceReconcile();
  e2e.shopify.resetCounters();
  const reconcile = await syncInventory();
  assert.is(reconcile.code, 0, reconcile.stderr);
  assert.is(shopLevel(level)?.onHand, level.onHand);
  assert.is(stockCounts(reconcile.summary)['updated'], 1);
  // Read through one bulk export, not `nodes` pages (issue #20: "reads Shopify's levels (bulk export)").
  const roots = e2e.shopify.counters().rootFields;
  assert.is(roots['bulkOperationRunQuery'], 1, 'one bulk export');
  assert.is(roots['nodes'] ?? 0, 0, 'no paged read of the levels');
  assertShopHoldsApix();
});

test('a level API X no longer serves is named by the reconcile and left as Shopify holds it', async () => {
  const gone = [...e2e.apix.stock.levels()].find((l) => l.warehouseId === 'WH-1')!;
  const held = shopLevel(gone)?.onHand;
  assert.is(typeof held, 'number');
  e2e.apix.stock.remove(gone.variantId, gone.warehouseId);
  try {
    const quiet = await syncInventory();
    assert.is(quiet.code, 0, quiet.stderr);
    assert.is(
      stockCounts(quiet.summary)['unreported'],
      undefined,
      'an incremental read cannot tell',
    );
    await forceReconcile();
    const reconcile = await syncInventory();
    assert.is(reconcile.code, 0, reconcile.stderr);
    assert.is(reconcile.summary?.['status'], 'succeeded');
    assert.is(stockCounts(reconcile.summary)['unreported'], 1);
    const warning = logLines(reconcile.stderr).find((l) =>
      String(l['msg']).includes('missing from'),
    );
    assert.ok(warning, `the operator is told: ${reconcile.stderr.slice(-2000)}`);
    assert.is(warning['level'], 'warn');
    assert.equal(warning['levels'], [`${gone.variantId}@${gone.warehouseId}`]);
    assert.is(shopLevel(gone)?.onHand, held, 'not written: a missing record is not 0');
    assert.equal(reconcile.summary?.['recordErrors'], {});
  } finally {
    e2e.apix.stock.set(gone.variantId, gone.warehouseId, held ?? 0);
  }
});

test('a product gone from API X takes its stock records with it: not named as unreported', async () => {
  // API X serves stock only for its current catalogue (the simulator as the contract reads: one
  // record per variant and warehouse that stocks it); a product removed upstream is archived by
  // sync-to-shopify, and its levels, remembered as sent, are no longer served.
  const gone = [...e2e.apix.catalog.products()].at(-1)!;
  assert.ok(e2e.apix.catalog.removeProduct(gone.id));
  const catalogue = await e2e.cli(['sync-to-shopify'], { SYNC_MAX_ARCHIVE_RATIO: '1' });
  assert.is(catalogue.code, 0, catalogue.stderr.slice(-2000));
  await forceReconcile();
  const reconcile = await syncInventory();
  assert.is(reconcile.code, 0, reconcile.stderr);
  assert.is(
    stockCounts(reconcile.summary)['unreported'],
    undefined,
    `no warning for an archived product's levels: ${reconcile.stderr.slice(-1500)}`,
  );
});

test('a mapped location that is missing or inactive stops the run, naming it', async () => {
  const table: [string, RegExp][] = [
    ['WH-1=Old shop', /Old shop.*inactive/],
    ['WH-1=Nowhere', /'Nowhere', which the shop does not have/],
    ['WH-1=Main warehouse;WH-2=Main warehouse', /WH-1 and WH-2 both map to 'Main warehouse'/],
  ];
  for (const [mapping, message] of table) {
    const r = await e2e.cli(['sync-inventory'], { INVENTORY_LOCATIONS: mapping });
    assert.is(r.code, 1, mapping);
    assert.is(r.summary?.['status'], 'failed', mapping);
    assert.match(r.stderr, message, mapping);
  }
});

test('a variant the catalogue job has not created yet waits, then goes once it exists', async () => {
  const { added } = e2e.apix.catalog.applyDailyChanges({ seed: 9, newProducts: 1 });
  const product = e2e.apix.catalog.product(added[0] ?? '')!;
  const waiting = await syncInventory();
  assert.is(waiting.code, 0, waiting.stderr);
  assert.is(stockCounts(waiting.summary)['deferred'], product.variants.length * 2);
  assert.equal(waiting.summary?.['recordErrors'], {});
  assert.is((await e2e.cli(['sync-to-shopify'])).code, 0);
  const { rows } = await e2e.db.pool.query<{ external_id: string; shopify_id: string }>(
    `SELECT external_id, shopify_id FROM mappings WHERE entity = 'variant'`,
  );
  variantGid = new Map(rows.map((r) => [r.external_id, r.shopify_id]));
  const done = await syncInventory();
  assert.is(done.code, 0, done.stderr);
  assertShopHoldsApix();
});

test.run();
