/**
 * sync-products' safety stops over in-memory ports: a feed that lost many products archives
 * nothing, and a run Shopify keeps rejecting stops writing. What was written, archived and
 * recorded is asserted, not only the error.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSyncProducts,
  type SyncProductsOptions,
} from '../../../src/app/usecases/sync-products.js';
import { SafetyStopError } from '../../../src/domain/errors.js';
import type { ChangedProduct } from '../../../src/domain/ports/product-changes.js';
import {
  VARIANT_LIMIT,
  type ProductDraft,
  type UpsertedProduct,
  type WriteResult,
} from '../../../src/domain/model/catalog-write.js';
import { BULK_PROBE_LINES } from '../../../src/app/usecases/product-bulk-write.js';
import { createFakeBulkChunks, noBulkChunks } from '../../support/fakes/bulk-chunks.js';
import { createFakeCollectionMembership } from '../../support/fakes/collection-membership.js';
import { noBulkOperations } from '../../support/fakes/bulk-operations.js';
import { createFakeProductChanges } from '../../support/fakes/product-changes.js';
import { createFakeProductRecords } from '../../support/fakes/product-records.js';
import { createFakeBulkProductImports } from '../../support/fakes/shopify-bulk-imports.js';
import { createFakeShopifyProducts } from '../../support/fakes/shopify-products.js';
import { fakeStepContext } from '../../support/fakes/step-context.js';
import { createFakeVariantMappings } from '../../support/fakes/variant-mappings.js';
import { rejectionOf } from '../../support/rejection-of.js';
import { oneVariantChange } from '../../support/product-drafts.js';

const id = (n: number) => `P${String(n).padStart(4, '0')}`;

/** An update of a product Shopify already holds (its variant mapped): no lookups, no creation. */
const changedProduct = (n: number, isNew = false): ChangedProduct =>
  oneVariantChange(id(n), {
    title: `Product ${n}`,
    sku: `SKU-${n}`,
    contentHash: `hash-${n}`,
    isNew,
    wasActive: true,
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

function setup(opts: {
  changed?: number;
  mappedActive: number;
  gone: number;
  rejectFrom?: number;
  /** Written through bulk operations (the bulk threshold within reach). */
  bulk?: boolean;
  /** New products (nothing mapped): every write creates variants. */
  creating?: boolean;
  /** The code of Shopify's refusals (default: a plain INVALID). */
  rejectCode?: string;
}) {
  const changedList = Array.from({ length: opts.changed ?? 0 }, (_, i) =>
    changedProduct(i + 1, opts.creating),
  );
  const goneList = Array.from({ length: opts.gone }, (_, i) => ({
    externalId: id(900 + i),
    productId: `gid://shopify/Product/${900 + i}`,
  }));
  const changes = createFakeProductChanges(changedList, {
    mappedActive: opts.mappedActive,
    gone: opts.gone,
  });
  const records = createFakeProductRecords(goneList);
  const variants = createFakeVariantMappings(
    Object.fromEntries(
      (opts.creating ? [] : changedList).map((p) => [
        `${p.externalId}-1`,
        {
          variantId: `gid://shopify/ProductVariant/${p.externalId}-1`,
          productExternalId: p.externalId,
        },
      ]),
    ),
  );
  const rejectFrom = opts.rejectFrom ?? Infinity;
  const answer = (draft: ProductDraft): WriteResult<UpsertedProduct> =>
    Number(draft.externalId.slice(1)) >= rejectFrom
      ? {
          ok: false,
          errors: [{ field: 'title', message: 'is invalid', code: opts.rejectCode ?? 'INVALID' }],
        }
      : {
          ok: true,
          value: {
            productId: `gid://shopify/Product/${draft.externalId}`,
            variantIds: {
              [`${draft.externalId}-1`]: `gid://shopify/ProductVariant/${draft.externalId}-1`,
            },
          },
        };
  const shop = createFakeShopifyProducts(answer);
  const bulkImports = createFakeBulkProductImports(answer);
  const chunks = createFakeBulkChunks(changedList, { heldBack: changes.heldBack });
  const step = createSyncProducts({
    shopify: opts.bulk ? { ...shop.shopify, ...bulkImports.shopify } : shop.shopify,
    state: {
      ...changes.changes,
      ...(opts.bulk ? chunks.bulkChunks : noBulkChunks),
      ...records.records,
      ...variants.mappings,
      ...createFakeCollectionMembership([]).membership,
    },
    bulk: opts.bulk ? bulkImports.bulk : noBulkOperations(),
  });
  return { step, shop, records, bulkFiles: bulkImports.files };
}

test('archive stop: API X lost more than the ratio of mapped products: nothing written, nothing archived', async () => {
  const s = setup({ changed: 3, mappedActive: 40, gone: 9 });
  const error = await rejectionOf(s.step.run(fakeStepContext().ctx, options));
  assert.instance(error, SafetyStopError);
  assert.match(
    String((error as Error).message),
    /no longer lists 9 of 40 products \(more than SYNC_MAX_ARCHIVE_RATIO=0\.2\).*--force-archive/,
  );
  assert.equal(s.shop.upserts, [], 'the stop comes before any write');
  assert.equal(s.shop.statuses, []);
  assert.equal([...s.records.archived], []);
});

test('archive stop: at the ratio the run archives; --force-archive archives past it', async () => {
  const table: [string, number, boolean, number][] = [
    ['exactly the ratio (8 of 40)', 8, false, 8],
    ['past it, forced', 9, true, 9],
  ];
  for (const [name, gone, forceArchive, archived] of table) {
    const s = setup({ mappedActive: 40, gone });
    await s.step.run(fakeStepContext().ctx, { ...options, forceArchive });
    assert.is(s.records.archived.size, archived, name);
    assert.ok(
      s.shop.statuses.every((x) => x.status === 'ARCHIVED'),
      name,
    );
  }
});

test('archive stop: a shop with fewer than 20 mapped products is never stopped (one removal is not 100%)', async () => {
  const s = setup({ mappedActive: 5, gone: 4 });
  await s.step.run(fakeStepContext().ctx, options);
  assert.is(s.records.archived.size, 4);
});

test('archive stop also guards a dry run, which writes nothing either way', async () => {
  const stopped = setup({ changed: 2, mappedActive: 40, gone: 20 });
  assert.instance(
    await rejectionOf(stopped.step.run(fakeStepContext().ctx, { ...options, dryRun: true })),
    SafetyStopError,
  );
  const fine = setup({ changed: 2, mappedActive: 40, gone: 1 });
  const plan = await fine.step.run(fakeStepContext().ctx, { ...options, dryRun: true });
  assert.equal(plan, { staged: 2, write: 2, unchanged: 0, archive: 1, path: 'mutations' });
  assert.equal(fine.shop.upserts, []);
  assert.equal([...fine.records.archived], []);
});

test('failure stop: Shopify rejecting more than the ratio stops the run after the page; what was written is kept', async () => {
  // 30 updates, Shopify rejects P0011 onwards: 20 of 30 rejected, well past 0.2.
  const s = setup({ changed: 30, mappedActive: 40, gone: 2, rejectFrom: 11 });
  const { ctx, errors } = fakeStepContext();
  const error = await rejectionOf(s.step.run(ctx, options));
  assert.instance(error, SafetyStopError);
  assert.match(String((error as Error).message), /Shopify rejected 20 of 30 products/);
  assert.equal(
    s.records.written.map((w) => w.externalId),
    Array.from({ length: 10 }, (_, i) => id(i + 1)),
  );
  assert.is(errors.length, 20);
  assert.ok(
    errors.every(
      (e) =>
        e.entity === 'product' &&
        /Shopify rejected the product: title: is invalid \(INVALID\)/.test(e.reason),
    ),
  );
  assert.equal([...s.records.archived], [], 'nothing archived after the stop');
});

test('failure stop: rejections within the ratio are recorded and the run goes on to archive', async () => {
  // 30 updates, 5 rejected (P0026..P0030): 1 in 6, under 0.2.
  const s = setup({ changed: 30, mappedActive: 40, gone: 2, rejectFrom: 26 });
  const { ctx, errors, counter } = fakeStepContext();
  await s.step.run(ctx, options);
  assert.is(s.records.written.length, 25);
  assert.is(errors.length, 5);
  assert.is(counter.get('product', 'updated'), 25);
  assert.is(s.records.archived.size, 2);
});

test('failure stop on the bulk path: a catalogue Shopify refuses line by line stops after a small first file, not after all of it', async () => {
  // 1,000 updates through bulk operations, every line refused. Before the first file was kept
  // small, all 1,000 went in one file and 1,000 errors were recorded before the stop (and again
  // the next day).
  const s = setup({ changed: 1000, mappedActive: 1000, gone: 0, rejectFrom: 1, bulk: true });
  const { ctx, errors } = fakeStepContext();
  const error = await rejectionOf(s.step.run(ctx, { ...options, bulkThreshold: 10 }));
  assert.instance(error, SafetyStopError);
  assert.match(
    String((error as Error).message),
    new RegExp(`Shopify rejected ${BULK_PROBE_LINES} of ${BULK_PROBE_LINES} products`),
  );
  assert.equal(
    s.bulkFiles.map((f) => f.length),
    [BULK_PROBE_LINES],
    'one small file went out, nothing after it',
  );
  assert.ok(BULK_PROBE_LINES < 1000);
  assert.is(errors.length, BULK_PROBE_LINES);
  assert.equal(s.records.written, []);
});

test('failure stop on the bulk path: rejections within the ratio go on through every file', async () => {
  // 1,000 updates, the last 100 refused (10%, under 0.2): the small first file, then the rest.
  const s = setup({ changed: 1000, mappedActive: 1000, gone: 0, rejectFrom: 901, bulk: true });
  const { ctx, errors } = fakeStepContext();
  await s.step.run(ctx, { ...options, bulkThreshold: 10 });
  assert.equal(
    s.bulkFiles.map((f) => f.length),
    [BULK_PROBE_LINES, 1000 - BULK_PROBE_LINES],
  );
  assert.is(s.records.written.length, 900);
  assert.is(errors.length, 100);
});

test("bulk path past Shopify's daily variant limit: once the small first file is refused, the files after it carry no creation", async () => {
  // 1,000 new products, every creation refused VARIANT_THROTTLE_EXCEEDED (the limit was used up
  // by hand, beyond what the budget could know). Before, the 900 after the first file were sent
  // too, to be refused line by line, every day.
  const s = setup({
    changed: 1000,
    mappedActive: 0,
    gone: 0,
    rejectFrom: 1,
    bulk: true,
    creating: true,
    rejectCode: VARIANT_LIMIT,
  });
  const { ctx, errors, counter } = fakeStepContext();
  await s.step.run(ctx, { ...options, bulkThreshold: 10 });
  assert.equal(
    s.bulkFiles.map((f) => f.length),
    [BULK_PROBE_LINES],
  );
  assert.is(counter.get('product', 'deferred'), 1000, 'all wait for the next days');
  assert.equal(errors, [], 'waiting is not an error');
});

test.run();
