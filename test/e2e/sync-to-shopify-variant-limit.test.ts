import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { productCounts as counts, useVariantLimitedShop } from './support/variant-limited-shop.js';

// Issue #15, item 5, through the real CLI over HTTP. The simulator enforces Shopify's daily
// variant creation limit (VARIANT_THROTTLE_EXCEEDED, HTTP 200, no data) from the first variant
// here (the real threshold is a 50,000-variant store) at 12 new variants a day.
const shop = useVariantLimitedShop(test);
const { e2e } = shop;

const CUSTOM_ID = 'integration_service.external_id';
const inShopify = (id: string) =>
  e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);

test('past the daily limit creations wait (counted, not failed), updates go on, and the next days finish the catalogue', async () => {
  const first = await e2e.cli(['sync-to-shopify']);
  assert.is(first.code, 0, first.stderr + first.stdout.slice(-2000));
  assert.is(first.summary?.['status'], 'succeeded');
  assert.is(counts(first)['created'], 6, '12 variants: 6 products of 2');
  assert.is(counts(first)['deferred'], 10);
  assert.equal(first.summary?.['recordErrors'] ?? {}, {}, 'waiting is not an error');

  // Same day: an update of a product that exists goes through; creations still wait.
  const existing = [...e2e.apix.catalog.products()].find((p) => inShopify(p.id).length === 1)!;
  e2e.apix.catalog.setProduct({ ...existing, title: `${existing.title} (same day)` });
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.is(inShopify(existing.id)[0]?.title, `${existing.title} (same day)`);
  assert.is(counts(again)['deferred'], 10);

  // The next days, through a bulk import: the limit answers per line; no safety stop.
  shop.setDay(1);
  const bulk = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(bulk.code, 0, bulk.stderr + bulk.stdout.slice(-2000));
  assert.is(counts(bulk)['created'], 6);
  assert.is(counts(bulk)['deferred'], 4);
  shop.setDay(2);
  const last = await e2e.cli(['sync-to-shopify']);
  assert.is(last.code, 0, last.stderr);
  assert.is(counts(last)['created'], 4);
  assert.is(counts(last)['deferred'], undefined);
  for (const p of e2e.apix.catalog.products()) assert.is(inShopify(p.id).length, 1, p.id);
});

test.run();
