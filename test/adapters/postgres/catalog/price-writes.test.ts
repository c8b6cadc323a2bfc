/**
 * The price diff in real PostgreSQL: which staged prices preparePriceChanges finds (changed,
 * never sent, unchanged, not in Shopify, held back as bad input, another shop's), that paging
 * covers the prepared set once in product order, and that saved hashes leave the next run's set.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../../src/adapters/postgres/catalog/catalog-stores.js';
import type { PriceChange } from '../../../../src/domain/ports/price-writes.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

const SHOP = 'a.myshopify.com';

/** A row of mappings as the product and price steps leave it. */
async function map(
  shop: string,
  entity: 'product' | 'variant' | 'price',
  externalId: string,
  shopifyId: string | null,
  parent: string | null = null,
  hash: string | null = null,
) {
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, parent_external_id, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [shop, entity, externalId, shopifyId, parent, hash],
  );
}

/** Product `p` in Shopify with variants `vs`, each with the price hash Shopify last received. */
async function inShopify(shop: string, p: string, vs: Record<string, string | null>) {
  await map(shop, 'product', p, `gid://shopify/Product/${p}`);
  for (const [v, hash] of Object.entries(vs)) {
    await map(shop, 'variant', v, `gid://shopify/ProductVariant/${v}`, p);
    if (hash !== null) await map(shop, 'price', v, `gid://shopify/ProductVariant/${v}`, p, hash);
  }
}

const staged = (v: string, amount: string) => ({
  variantExternalId: v,
  amount,
  compareAt: null,
  contentHash: `h-${v}-${amount}`,
});

async function allPages(state: ReturnType<typeof createPgCatalogStores>, limit: number) {
  const seen: PriceChange[] = [];
  let after: { productExternalId: string; variantExternalId: string } | null = null;
  for (;;) {
    const page = await state.priceChanges(after, limit);
    const last = page[page.length - 1];
    if (!last) return seen;
    seen.push(...page);
    after = {
      productExternalId: last.productExternalId,
      variantExternalId: last.variantExternalId,
    };
  }
}

test('the prepared set: changed and never-sent prices of variants in Shopify, nothing else', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await inShopify(SHOP, 'A', { 'A-1': 'h-A-1-1.00', 'A-2': 'h-A-2-2.00', 'A-3': null });
  await inShopify(SHOP, 'B', { 'B-1': 'h-B-1-1.00', 'B-held': 'h-B-held-7.00' });
  // A variant whose product was refused: mapped product row without a Shopify id.
  await map(SHOP, 'product', 'C', null);
  await map(SHOP, 'variant', 'C-1', 'gid://shopify/ProductVariant/C-1', 'C');
  // Another shop with the same ids and different prices must not leak in.
  await inShopify('b.myshopify.com', 'A', { 'A-1': 'other' });
  await state.stagePrices([
    staged('A-1', '1.50'), // changed
    staged('A-2', '2.00'), // unchanged
    staged('A-3', '3.00'), // in Shopify, its price never recorded (e.g. a variant forgotten and recreated)
    staged('B-1', '1.25'), // changed
    staged('N-1', '4.00'), // new variant: no variant in Shopify yet, its product brings the price
    staged('C-1', '5.00'), // product not in Shopify
    // B-held is not staged: its price was held back as bad input (e.g. another currency).
  ]);

  const counts = await state.preparePriceChanges();
  assert.equal(counts, { products: 2, variants: 3 });
  const changes = await allPages(state, 2);
  assert.equal(
    changes.map((c) => [c.productExternalId, c.variantExternalId, c.price.price, c.productId]),
    [
      ['A', 'A-1', '1.50', 'gid://shopify/Product/A'],
      ['A', 'A-3', '3.00', 'gid://shopify/Product/A'],
      ['B', 'B-1', '1.25', 'gid://shopify/Product/B'],
    ],
  );
  assert.equal(changes[0]?.price, {
    variantId: 'gid://shopify/ProductVariant/A-1',
    price: '1.50',
    compareAtPrice: null,
  });
  assert.ok(
    changes.every((c) => Number(c.price.price) > 0),
    'a held-back price is never replaced by a default 0.00',
  );
  assert.equal(
    (await state.unmappedPrices(10)).map((p) => p.variantExternalId),
    ['N-1'],
    'a price without a variant in Shopify is reported, not sent (C-1 has one: its product names its own failure)',
  );

  // Saving is one statement for the list; the set prepared for this run does not shrink...
  await state.savePrices(changes.slice(0, 2));
  assert.is((await allPages(state, 100)).length, 3);
  // ...the next run's does, and the held-back price's last recorded hash is untouched.
  assert.equal(await state.preparePriceChanges(), { products: 1, variants: 1 });
  assert.equal(
    (await allPages(state, 100)).map((c) => c.variantExternalId),
    ['B-1'],
  );
  const { rows } = await db.pool.query<{ content_hash: string }>(
    `SELECT content_hash FROM mappings WHERE shop = $1 AND entity = 'price' AND external_id = 'B-held'`,
    [SHOP],
  );
  assert.equal(rows, [{ content_hash: 'h-B-held-7.00' }]);
  const other = createPgCatalogStores(db.pool, 'b.myshopify.com');
  assert.equal(await other.preparePriceChanges(), { products: 0, variants: 0 });
});

test('paging covers a larger set once, in product order, whatever the page size', async () => {
  const shop = 'paging.myshopify.com';
  const state = createPgCatalogStores(db.pool, shop);
  // Ids whose byte order and collation order may differ ("B" vs "a"): the keyset follows the database.
  const products = ['p-a', 'p-B', 'p-c', 'p-D', 'p-e'];
  for (const p of products) await inShopify(shop, p, { [`${p}-1`]: 'old', [`${p}-2`]: 'old' });
  await state.stagePrices(
    products.flatMap((p) => [staged(`${p}-1`, '1.00'), staged(`${p}-2`, '2.00')]),
  );
  assert.equal(await state.preparePriceChanges(), { products: 5, variants: 10 });
  const whole = (await allPages(state, 1000)).map((c) => c.variantExternalId);
  assert.is(whole.length, 10);
  for (const limit of [1, 3, 4]) {
    const paged = (await allPages(state, limit)).map((c) => c.variantExternalId);
    assert.equal(paged, whole, `page size ${limit}`);
  }
  // Each product's variants are adjacent (one productVariantsBulkUpdate each).
  const order = (await allPages(state, 1000)).map((c) => c.productExternalId);
  assert.is(new Set(order).size, 5);
  assert.ok(order.every((p, i) => i === 0 || p === order[i - 1] || !order.slice(0, i).includes(p)));
});

test.run();
