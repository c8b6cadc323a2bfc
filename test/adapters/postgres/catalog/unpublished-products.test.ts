/**
 * unpublished_products over real Postgres: a product saved as written and unpublished waits in
 * the same write; the bulk numbering and its result matching; publishing forgets it only under
 * the product id it was published as.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../../src/adapters/postgres/catalog/catalog-stores.js';
import type { ProductWritten } from '../../../../src/domain/ports/product-records.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

const written = (id: string, productNum: number, unpublished: boolean): ProductWritten => ({
  externalId: id,
  productId: `gid://shopify/Product/${productNum}`,
  variantIds: { [`${id}-1`]: `gid://shopify/ProductVariant/${productNum}` },
  contentHash: `h-${id}`,
  status: 'ACTIVE',
  pricesSent: {},
  ...(unpublished ? { unpublished: true } : {}),
});

test('saved as written and unpublished: waits, is numbered for a bulk file, and is forgotten once published', async () => {
  const state = createPgCatalogStores(db.pool, 'a.myshopify.com');
  const other = createPgCatalogStores(db.pool, 'b.myshopify.com');
  await state.saveProductsWritten([
    written('P-c', 3, true),
    written('P-a', 1, true),
    written('P-b', 2, false),
  ]);
  await other.saveProductsWritten([written('P-a', 9, true)]);
  assert.is(await state.countUnpublished(), 2);
  assert.equal(
    (await state.unpublishedPage(null, 10)).map((p) => p.externalId),
    ['P-a', 'P-c'],
  );
  assert.is(await state.numberUnpublishedLines(), 2);
  assert.equal(await state.unpublishedLines(0, 10), [
    { externalId: 'P-a', productId: 'gid://shopify/Product/1', line: 1 },
    { externalId: 'P-c', productId: 'gid://shopify/Product/3', line: 2 },
  ]);
  assert.equal(
    [...(await state.unpublishedAtLines([2, 7])).entries()],
    [[2, { externalId: 'P-c', productId: 'gid://shopify/Product/3' }]],
  );

  // P-c re-created meanwhile (a new product id): its old line and its old id no longer match.
  await state.saveProductsWritten([written('P-c', 30, true)]);
  assert.equal([...(await state.unpublishedAtLines([1, 2])).keys()], [1]);
  await state.markPublished([
    { externalId: 'P-a', productId: 'gid://shopify/Product/1' },
    { externalId: 'P-c', productId: 'gid://shopify/Product/3' },
  ]);
  assert.equal(await state.unpublishedPage(null, 10), [
    { externalId: 'P-c', productId: 'gid://shopify/Product/30' },
  ]);
  assert.is(await other.countUnpublished(), 1, 'another shop is untouched');
});

test.run();
