import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #15, item 1, through the real CLI over HTTP: no product is ever for sale (ACTIVE)
// without a valid price for every variant; Shopify would sell a variant sent without one at 0.00.
const e2e = useE2eEnvironment(test, { apix: { products: 12, categories: 2 } });

const CUSTOM_ID = 'integration_service.external_id';
const inShopify = (id: string) => {
  const found = e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);
  assert.is(found.length, 1, `exactly one Shopify product for ${id}`);
  return found[0]!;
};

async function lastRunErrors(): Promise<{ entity: string; external_id: string; field: string }[]> {
  const { rows } = await e2e.db.pool.query<{ entity: string; external_id: string; field: string }>(
    `SELECT entity, external_id, field FROM record_errors
      WHERE run_id = (SELECT max(id) FROM sync_runs) ORDER BY external_id, field`,
  );
  return rows;
}

test('a product with a missing or invalid price is created as DRAFT, named with its variant and field, and goes on sale once its prices are valid', async () => {
  const active = [...e2e.apix.catalog.products()].filter((p) => p.active);
  const [missing, asNumber, decimals, negative, currency] = active as [
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
  ];
  const firstVariant = (p: ApixProductRecord) => p.variants[0]!.id;
  e2e.apix.catalog.removePrice(firstVariant(missing));
  e2e.apix.catalog.corrupt('price', firstVariant(asNumber), { amount: 12.5 });
  e2e.apix.catalog.setPrice(firstVariant(decimals), { amount: '12.505' });
  e2e.apix.catalog.setPrice(firstVariant(negative), { amount: '-1.00' });
  e2e.apix.catalog.setPrice(firstVariant(currency), { amount: '10.00', currency: 'USD' });
  const held = [missing, asNumber, decimals, negative, currency];

  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  for (const p of held) assert.is(inShopify(p.id).status, 'DRAFT', `${p.id} is not for sale`);
  // Nothing is for sale at 0.00 (or without a price at all).
  for (const p of e2e.shopify.state.products().filter((x) => x.status === 'ACTIVE'))
    for (const v of p.variants) assert.ok(Number(v.price) > 0, `${p.id} ${v.id} ${v.price}`);
  const errors = await lastRunErrors();
  for (const p of held)
    assert.ok(
      errors.some(
        (e) =>
          e.entity === 'product' &&
          e.external_id === p.id &&
          e.field === `variants[${firstVariant(p)}].price`,
      ),
      `${p.id} named with variant and field: ${JSON.stringify(errors)}`,
    );

  // Prices fixed upstream: the products go on sale in that run, at their prices.
  e2e.apix.catalog.clearCorruptions();
  for (const p of held) e2e.apix.catalog.setPrice(firstVariant(p), { amount: '20.00' });
  const fixed = await e2e.cli(['sync-to-shopify']);
  assert.is(fixed.code, 0, fixed.stderr);
  for (const p of held) {
    const sp = inShopify(p.id);
    assert.is(sp.status, 'ACTIVE');
    assert.is(sp.variants.find((v) => v.metafields[CUSTOM_ID] === firstVariant(p))?.price, '20.00');
  }
  assert.equal(await lastRunErrors(), []);
});

test('an existing product whose price disappears is taken off sale, not left at a price API X no longer states', async () => {
  const p = [...e2e.apix.catalog.products()].filter((x) => x.active)[6]!;
  e2e.apix.catalog.removePrice(p.variants[0]!.id);
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  assert.is(inShopify(p.id).status, 'DRAFT');
});

test.run();
