import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { productCounts as counts, useVariantLimitedShop } from './support/variant-limited-shop.js';

// Issue #15, item 5: a shop at Shopify's daily variant limit gets a bulk file with no more new
// variants than the day allows. The simulator enforces the limit (VARIANT_THROTTLE_EXCEEDED)
// from the first variant at 12 a day; the CLI is told the same numbers. Before, the bulk file
// carried every product and Shopify refused most lines, every day.
const shop = useVariantLimitedShop(test);
const { e2e } = shop;
const LIMIT = {
  SHOPIFY_VARIANT_LIMIT_THRESHOLD: '0',
  SHOPIFY_VARIANT_LIMIT_PER_DAY: '12',
  SYNC_BULK_THRESHOLD: '1',
};

const lastBulkRows = () => e2e.shopify.state.bulkOperations().at(-1)?.rows;

test('the bulk file carries only the creations the day allows; the rest wait, counted, and come on later days', async () => {
  const first = await e2e.cli(['sync-to-shopify'], LIMIT);
  assert.is(first.code, 0, first.stderr + first.stdout.slice(-2000));
  assert.is(lastBulkRows(), 6, '12 new variants: 6 products of 2, not all 16');
  assert.is(counts(first)['created'], 6);
  assert.is(counts(first)['deferred'], 10);
  assert.equal(first.summary?.['recordErrors'], {}, 'waiting is not an error');

  shop.setDay(1);
  const second = await e2e.cli(['sync-to-shopify'], LIMIT);
  assert.is(second.code, 0, second.stderr);
  assert.is(lastBulkRows(), 6);
  assert.equal([counts(second)['created'], counts(second)['deferred']], [6, 4]);

  shop.setDay(2);
  const third = await e2e.cli(['sync-to-shopify'], LIMIT);
  assert.is(third.code, 0, third.stderr);
  assert.equal([counts(third)['created'], counts(third)['deferred']], [4, undefined]);
  assert.is(e2e.shopify.state.products().length, 16);
});

test.run();
