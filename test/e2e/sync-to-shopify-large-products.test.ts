import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #15, item 7, through the real CLI over HTTP: Shopify allows 2,048 variants per product
// (productSet description, 2026-10). The simulator enforces the 1,000-point cost ceiling and
// 250-node pages, so a large product needs rounds and paged reads of its variant ids.
const e2e = useE2eEnvironment(test, { apix: { products: 4, categories: 1 } });

const CUSTOM_ID = 'integration_service.external_id';
const inShopify = (id: string) =>
  e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);
const quiet = () => {
  const sent = e2e.shopify.counters().rootFields;
  return (sent['productSet'] ?? 0) + (sent['productVariantsBulkUpdate'] ?? 0);
};

function withVariants(base: ApixProductRecord, n: number): ApixProductRecord {
  const values = Array.from({ length: n }, (_, i) => `Size ${i + 1}`);
  return {
    ...base,
    active: true,
    options: [{ name: 'Size', values }],
    variants: values.map((value, i) => ({
      id: `${base.id}-L${i}`,
      sku: `${base.id}-L${i}`,
      barcode: null,
      optionValues: [value],
      weightGrams: null,
    })),
  };
}

test('a product with 2,000 variants is created for sale with every variant and price, and the next run is quiet', async () => {
  const [base] = [...e2e.apix.catalog.products()];
  assert.ok(base);
  if (!base) return;
  const big = withVariants(base, 2000);
  e2e.apix.catalog.setProduct(big);
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'] ?? {}, {});
  const [p] = inShopify(big.id);
  assert.is(p?.status, 'ACTIVE');
  assert.is(p?.variants.length, 2000);
  const last = p?.variants.find((v) => v.metafields[CUSTOM_ID] === `${big.id}-L1999`);
  assert.is(Number(last?.price), Number(e2e.apix.catalog.price(`${big.id}-L1999`).amount));
  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.is(quiet(), 0, JSON.stringify(e2e.shopify.counters().rootFields));
});

test('through a bulk import too: 300 variants, all mapped (the result line holds only 250)', async () => {
  const [, base] = [...e2e.apix.catalog.products()];
  assert.ok(base);
  if (!base) return;
  const big = withVariants(base, 300);
  e2e.apix.catalog.setProduct(big);
  const r = await e2e.cli(['sync-to-shopify'], { SYNC_BULK_THRESHOLD: '1' });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'] ?? {}, {});
  assert.is(inShopify(big.id)[0]?.variants.length, 300);
  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.is(quiet(), 0, JSON.stringify(e2e.shopify.counters().rootFields));
});

test.run();
