/**
 * New products join their collections in the productSet that creates them, on both write paths,
 * and those memberships are recorded with the product; products Shopify may already hold (an
 * adopted one, one sent by a run that died unrecorded) carry no collection list, since
 * productSet would replace their memberships.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSyncProducts,
  type SyncProductsOptions,
} from '../../../src/app/usecases/sync-products.js';
import type { CollectionToJoin, ProductDraft } from '../../../src/domain/model/catalog-write.js';
import type { ChangedProduct } from '../../../src/domain/ports/product-changes.js';
import { createFakeBulkChunks, noBulkChunks } from '../../support/fakes/bulk-chunks.js';
import { noBulkOperations } from '../../support/fakes/bulk-operations.js';
import { createFakeCollectionMembership } from '../../support/fakes/collection-membership.js';
import { createFakeProductChanges } from '../../support/fakes/product-changes.js';
import { createFakeProductRecords } from '../../support/fakes/product-records.js';
import { createFakeBulkProductImports } from '../../support/fakes/shopify-bulk-imports.js';
import { createFakeShopifyProducts } from '../../support/fakes/shopify-products.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { createFakeVariantMappings } from '../../support/fakes/variant-mappings.js';
import { oneVariantChange } from '../../support/product-drafts.js';

/** A product Shopify does not hold yet, with one variant. */
const newProduct = (id: string): ChangedProduct =>
  oneVariantChange(id, { status: 'DRAFT', isNew: true, wasActive: false });

const join = (category: string): CollectionToJoin => ({
  categoryId: category,
  collectionId: `gid://shopify/Collection/${category}`,
});

const options: SyncProductsOptions = {
  dryRun: false,
  forceArchive: false,
  archiveStatus: 'ARCHIVED',
  bulkThreshold: 1000,
  concurrency: 2,
  maxFailureRatio: 0.2,
  maxArchiveRatio: 0.2,
  publicationIds: [],
};

function setup(bulk: boolean) {
  const products = ['A', 'B', 'C', 'D'].map(newProduct);
  // What the store answers for new products: D's categories have no active collection.
  const toJoin = new Map([
    ['A', [join('shirts'), join('sale')]],
    ['B', [join('shirts')]],
    ['C', [join('sale')]],
  ]);
  const changes = createFakeProductChanges(products, { mappedActive: 0, gone: 0 });
  const records = createFakeProductRecords();
  const shop = createFakeShopifyProducts();
  const imports = createFakeBulkProductImports((draft) => ({
    ok: true,
    value: {
      productId: `gid://shopify/Product/${draft.externalId}`,
      variantIds: {
        [`${draft.externalId}-1`]: `gid://shopify/ProductVariant/${draft.externalId}-1`,
      },
    },
  }));
  const step = createSyncProducts({
    shopify: bulk ? { ...shop.shopify, ...imports.shopify } : shop.shopify,
    state: {
      ...changes.changes,
      ...(bulk ? createFakeBulkChunks(products).bulkChunks : noBulkChunks),
      ...records.records,
      ...createFakeVariantMappings().mappings,
      ...createFakeCollectionMembership([], toJoin).membership,
    },
    bulk: bulk ? imports.bulk : noBulkOperations(),
  });
  const sent = () => (bulk ? imports.files.flat() : shop.upserts);
  return { step, records, sent };
}

const collectionsSent = (drafts: readonly ProductDraft[]) =>
  Object.fromEntries(drafts.map((d) => [d.externalId, d.collections?.map((c) => c.categoryId)]));
const memberOf = (written: readonly { externalId: string; memberOf?: readonly string[] }[]) =>
  Object.fromEntries(written.map((w) => [w.externalId, w.memberOf]));

for (const bulk of [false, true]) {
  const path = bulk ? 'bulk path' : 'regular path';
  const runOptions = { ...options, ...(bulk ? { bulkThreshold: 1 } : {}) };

  test(`${path}: new products carry their collections in productSet; the memberships are recorded with them`, async () => {
    const s = setup(bulk);
    await s.step.run(fakeStepContext().ctx, runOptions);
    const expected = { A: ['shirts', 'sale'], B: ['shirts'], C: ['sale'], D: undefined };
    assert.equal(collectionsSent(s.sent()), expected);
    assert.equal(memberOf(s.records.written), expected);
  });

  test(`${path}: products Shopify may already hold (adopted, sent unrecorded) carry no collection list`, async () => {
    const s = setup(bulk);
    await s.step.run(fakeStepContext().ctx, {
      ...runOptions,
      adopted: new Set(['A']),
      sentUnrecorded: new Set(['B']),
    });
    const sent = collectionsSent(s.sent());
    assert.is(sent['A'], undefined);
    assert.equal(sent['C'], ['sale']);
    assert.is(memberOf(s.records.written)['A'], undefined);
    if (bulk) assert.is(sent['B'], undefined, 'the regular path looks every new product up');
  });
}

test.run();
