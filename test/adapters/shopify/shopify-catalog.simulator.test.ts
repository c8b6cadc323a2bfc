import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { UpstreamError } from '../../../src/domain/errors.js';
import type { ProductDraft } from '../../../src/domain/model/catalog-write.js';
import { createShopifyCatalogPorts } from '../../../src/adapters/shopify/catalog/shopify-catalog-ports.js';
import { catalogPortsOf, type CatalogPorts } from './support/catalog-ports.js';
import { startSimulatedShop, useSimulatedShop } from './support/simulated-shop.js';
import { createTestLogger } from './support/test-logger.js';
import { rejectionOf } from '../../support/rejection-of.js';

const customId = { namespace: 'integration', key: 'external_id' };
const shop = useSimulatedShop(test, { bulkRowsPerSecond: 5000 });
let catalog: CatalogPorts;
test.before(() => {
  catalog = catalogPortsOf(shop, customId);
});

function draft(externalId: string, overrides: Partial<ProductDraft> = {}): ProductDraft {
  return {
    externalId,
    title: `Shirt ${externalId}`,
    descriptionHtml: '<p>cotton</p>',
    vendor: 'Acme',
    productType: 'Shirts',
    status: 'ACTIVE',
    options: [{ name: 'Size', values: ['S', 'M'] }],
    variants: [
      {
        externalId: `${externalId}-S`,
        sku: `${externalId}-S`,
        barcode: null,
        optionValues: [{ optionName: 'Size', name: 'S' }],
        weightGrams: 200,
        price: '19.90',
        compareAtPrice: null,
      },
      {
        externalId: `${externalId}-M`,
        sku: `${externalId}-M`,
        barcode: '123',
        optionValues: [{ optionName: 'Size', name: 'M' }],
        weightGrams: null,
        price: '21.00',
        compareAtPrice: '25.00',
      },
    ],
    ...overrides,
  };
}

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

async function waitForBulk(id: string): Promise<{ url: string | null; status: string }> {
  for (;;) {
    const state = await catalog.bulkOperation(id);
    if (state.status !== 'CREATED' && state.status !== 'RUNNING') return state;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('custom-id definitions are created once, then found', async () => {
  await catalog.ensureCustomIdDefinitions();
  await catalog.ensureCustomIdDefinitions();
  const defs = shop.sim.state
    .definitions()
    .filter((d) => d.namespace === customId.namespace && d.key === customId.key);
  assert.equal(defs.map((d) => d.ownerType).sort(), ['COLLECTION', 'PRODUCT', 'PRODUCTVARIANT']);
  assert.ok(defs.every((d) => d.type === 'id'));
  assert.is(shop.sim.counters().rootFields['metafieldDefinitionCreate'], 3);
});

test('in an app-owned namespace the custom-id definitions are read-only for the merchant', async () => {
  const owned = createShopifyCatalogPorts({
    client: shop.client(),
    logger: createTestLogger(),
    customId: { namespace: '$app', key: 'erp_id' },
  });
  await owned.ensureCustomIdDefinitions();
  const defs = shop.sim.state.definitions().filter((d) => d.key === 'erp_id');
  assert.equal(
    defs.map((d) => [d.ownerType, d.namespace, d.adminAccess]),
    [
      ['PRODUCT', '$app', 'MERCHANT_READ'],
      ['PRODUCTVARIANT', '$app', 'MERCHANT_READ'],
      ['COLLECTION', '$app', 'MERCHANT_READ'],
    ],
  );
});

test('metafields already using the namespace and key without a definition: the run stops, saying why', async () => {
  const [seeded] = shop.sim.state.seedProducts(1, () => ({
    title: 'Hand-made',
    metafields: [
      { namespace: 'legacy', key: 'external_id', type: 'single_line_text_field', value: 'X' },
    ],
  }));
  const legacy = createShopifyCatalogPorts({
    client: shop.client(),
    logger: createTestLogger(),
    customId: { namespace: 'legacy', key: 'external_id' },
  });
  const error = await rejectionOf(legacy.ensureCustomIdDefinitions());
  assert.instance(error, UpstreamError);
  assert.match(String(error), /UNSTRUCTURED_ALREADY_EXISTS/);
  assert.match((error as UpstreamError).hint ?? '', /SHOPIFY_CUSTOM_ID_NAMESPACE/);
  assert.ok(shop.sim.state.deleteProduct(seeded ?? ''), 'the next tests start from an empty shop');
});

test('shop money settings', async () => {
  assert.equal(await catalog.shopMoneySettings(), {
    currencyCode: 'EUR',
    enabledPresentmentCurrencies: ['EUR'],
  });
});

test('upsertProduct creates, then updates the same product; variant ids by external id; collections untouched', async () => {
  const created = await catalog.upsertProduct(draft('P1'));
  assert.ok(created.ok, JSON.stringify(created));
  if (!created.ok) return;
  const { productId, variantIds } = created.value;
  assert.equal(Object.keys(variantIds).sort(), ['P1-M', 'P1-S']);
  const state = shop.sim.state.product(productId);
  assert.is(state?.metafields[`${customId.namespace}.${customId.key}`], 'P1');
  assert.equal(
    state?.variants.map((v) => v.price),
    ['19.90', '21.00'],
  );
  assert.is(state?.variants[0]?.metafields[`${customId.namespace}.${customId.key}`], 'P1-S');

  const collection = await catalog.upsertCollection({
    externalId: 'C1',
    title: 'Shirts',
    descriptionHtml: '',
  });
  assert.ok(collection.ok);
  if (!collection.ok) return;
  assert.ok(
    (await catalog.changeCollectionMembers(collection.value.collectionId, [productId], [])).ok,
  );

  // Existing variants go with their GIDs (the use case puts them in): updated in place.
  const renamed = draft('P1', { title: 'Shirt renamed' });
  const again = await catalog.upsertProduct({
    ...renamed,
    variants: renamed.variants.map((v) => ({ ...v, shopifyId: variantIds[v.externalId] ?? '' })),
  });
  assert.ok(again.ok);
  if (!again.ok) return;
  assert.is(again.value.productId, productId);
  assert.equal(again.value.variantIds, variantIds);
  const after = shop.sim.state.product(productId);
  assert.is(after?.title, 'Shirt renamed');
  assert.equal(
    after?.collections,
    [collection.value.collectionId],
    'productSet did not touch collections',
  );
  assert.is(shop.sim.state.productCount(), 1);
});

test('Shopify userErrors come back as per-record values, local checks too', async () => {
  const bad = draft('P2', {
    variants: [
      {
        externalId: 'P2-X',
        sku: 'x',
        barcode: null,
        optionValues: [{ optionName: 'Size', name: 'XXL' }],
        weightGrams: null,
        price: '1.00',
        compareAtPrice: null,
      },
    ],
  });
  const result = await catalog.upsertProduct(bad);
  assert.is(result.ok, false);
  if (!result.ok)
    assert.ok(
      result.errors.length > 0 && result.errors.every((e) => e.message.length > 0),
      JSON.stringify(result.errors),
    );

  const local = await catalog.upsertProduct(draft('P3', { options: [] }));
  assert.is(local.ok, false);

  // Shopify's field path comes back in the record's terms: the variant by its id.
  const base = draft('P4');
  const long = await catalog.upsertProduct({
    ...base,
    variants: base.variants.map((v, i) => (i === 1 ? { ...v, sku: 'x'.repeat(256) } : v)),
  });
  assert.equal(long.ok ? [] : long.errors, [
    {
      field: 'variants[P4-M].sku',
      message: 'SKU is too long (maximum is 255 characters)',
      code: 'INVALID_VARIANT',
    },
  ]);
});

test('setProductStatus archives by external id; unknown ids are a value, not a throw', async () => {
  const r = await catalog.setProductStatus('P1', 'ARCHIVED');
  assert.ok(r.ok, JSON.stringify(r));
  if (r.ok) {
    const p = shop.sim.state.product(r.value.productId);
    assert.is(p?.status, 'ARCHIVED');
    assert.is(p?.variants.length, 2, 'a status change leaves variants alone');
    assert.is(p?.title, 'Shirt renamed');
  }
  const missing = await catalog.setProductStatus('nope', 'ARCHIVED');
  assert.is(missing.ok, false);
});

test('updateVariantPrices: partial updates, bad variants reported as values', async () => {
  const p = await catalog.upsertProduct(draft('P4'));
  assert.ok(p.ok);
  if (!p.ok) return;
  const good = p.value.variantIds['P4-S'] ?? '';
  const r = await catalog.updateVariantPrices(p.value.productId, [
    { variantId: good, price: '9.99', compareAtPrice: null },
    { variantId: 'gid://shopify/ProductVariant/999999', price: '1.00', compareAtPrice: null },
  ]);
  assert.is(r.ok, false);
  if (!r.ok) assert.ok(r.errors.length >= 1);
  assert.is(
    shop.sim.state.product(p.value.productId)?.variants.find((v) => v.id === good)?.price,
    '9.99',
  );
});

test('collections: create once, update in place, members added/removed in chunks of 250', async () => {
  const first = await catalog.upsertCollection({
    externalId: 'C2',
    title: 'Sale',
    descriptionHtml: '<p>x</p>',
  });
  const second = await catalog.upsertCollection({
    externalId: 'C2',
    title: 'Sale!',
    descriptionHtml: '<p>y</p>',
  });
  assert.ok(first.ok && second.ok);
  if (!first.ok || !second.ok) return;
  assert.is(first.value.collectionId, second.value.collectionId);
  const id = first.value.collectionId;
  assert.is(shop.sim.state.collections().find((c) => c.id === id)?.title, 'Sale!');

  const ids = shop.sim.state.seedProducts(300, (i) => ({ title: `Seed ${i}` }));
  shop.sim.resetCounters();
  assert.ok((await catalog.changeCollectionMembers(id, ids, [])).ok);
  assert.is(shop.sim.counters().rootFields['collectionUpdate'], 2);
  // Membership through sources is applied by a job (collectionUpdate's description): each
  // chunk's job is polled until done, once not yet, once done, before the call returns.
  assert.is(shop.sim.counters().rootFields['job'], 4);
  assert.is(shop.sim.state.collections().find((c) => c.id === id)?.productIds.length, 300);
  assert.ok((await catalog.changeCollectionMembers(id, [], ids.slice(0, 100))).ok);
  const members = shop.sim.state.collections().find((c) => c.id === id)?.productIds ?? [];
  assert.is(members.length, 200);
  assert.ok(!members.includes(ids[0] ?? ''));
});

test('bulk import end to end: JSONL staged, run, polled, results streamed with line numbers', async () => {
  const drafts = Array.from({ length: 30 }, (_, i) => draft(`B${i}`));
  const broken = draft('B-bad', {
    variants: [
      {
        ...draft('x').variants[0]!,
        externalId: 'B-bad-1',
        optionValues: [{ optionName: 'Size', name: 'nope' }],
      },
    ],
  });
  drafts.splice(7, 0, broken);
  const { operationId, lines } = await catalog.startBulkProductUpsert(from(drafts));
  assert.is(lines, 31);
  const state = await waitForBulk(operationId);
  assert.is(state.status, 'COMPLETED');
  const results = [];
  for await (const r of catalog.bulkProductResults(state.url ?? '')) results.push(r);
  assert.equal(
    results.map((r) => r.lineNumber),
    [...Array(31).keys()],
  );
  assert.is(results.filter((r) => r.result.ok).length, 30);
  assert.is(results[7]?.result.ok, false);
  assert.equal(
    results.filter((r) => r.result.ok).map((r) => r.externalId),
    drafts.filter((d) => d !== broken).map((d) => d.externalId),
  );

  const synced = [];
  for await (const s of catalog.listSyncedProducts())
    if (s.kind === 'product') synced.push(s.externalId);
  for (const d of drafts.filter((d) => d !== broken))
    assert.ok(synced.includes(d.externalId), d.externalId);
  assert.ok(
    !synced.some((s) => s.startsWith('Seed')),
    'products without our custom id are not listed',
  );
});

test('deletionEventsSince: products and collections destroyed at or after the time, from events, over pages', async () => {
  const ids = shop.sim.state.seedProducts(260, (i) => ({ title: `Doomed ${i}` }));
  const collection = await catalog.upsertCollection({
    externalId: 'GONE',
    title: 'Gone soon',
    descriptionHtml: '',
  });
  assert.ok(collection.ok);
  if (!collection.ok) return;
  const early = ids.slice(0, 5);
  for (const id of early) assert.ok(shop.sim.state.deleteProduct(id));
  await new Promise((r) => setTimeout(r, 20));
  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  const later = ids.slice(5);
  for (const id of later) assert.ok(shop.sim.state.deleteProduct(id));
  assert.ok(shop.sim.state.deleteCollection(collection.value.collectionId));
  shop.sim.resetCounters();
  const found: { subjectType: string; subjectId: string }[] = [];
  for await (const e of catalog.deletionEventsSince(since)) found.push(e);
  assert.equal(
    found,
    [
      ...later.map((subjectId) => ({ subjectType: 'PRODUCT', subjectId })),
      { subjectType: 'COLLECTION', subjectId: collection.value.collectionId },
    ],
    'the later 255 products, oldest first, then the collection; none of the earlier five',
  );
  const roots = shop.sim.counters().rootFields;
  assert.is(roots['events'], 3, 'products over two pages of at most 250, collections on one');
  assert.is(roots['deletionEvents'], undefined, 'the deprecated query is not used');
  const injected = await rejectionOf(
    (async () => {
      for await (const e of catalog.deletionEventsSince("2026' OR x:'")) found.push(e);
    })(),
  );
  assert.match(String(injected), /not a timestamp/);
});

test('a bulk export denied for a missing scope is not retryable and says so', async () => {
  shop.sim.faults.failNextBulk({ errorCode: 'ACCESS_DENIED' });
  const error = await rejectionOf(
    (async () => {
      for await (const p of catalog.listSyncedProducts()) void p;
    })(),
  );
  assert.instance(error, UpstreamError);
  assert.is((error as UpstreamError).retryable, false);
  assert.match(String(error), /ACCESS_DENIED/);
  assert.match((error as UpstreamError).hint ?? '', /access scope/);
});

test('a custom id without its definition is a top-level NOT_FOUND: the run stops, naming it', async () => {
  const orphan = createShopifyCatalogPorts({
    client: shop.client(),
    logger: createTestLogger(),
    customId: { namespace: 'never_defined', key: 'external_id' },
  });
  const error = await rejectionOf(orphan.upsertProduct(draft('ORPHAN')));
  assert.instance(error, UpstreamError);
  assert.match(String(error), /not found: Metafield definition of type 'id' not found/);
  assert.match((error as UpstreamError).hint ?? '', /definition is gone/);
  assert.is(shop.sim.state.product('shirt-orphan'), undefined, 'nothing was written');
});

test('existingCollections: the ids that still exist, in chunks of 250', async () => {
  const kept = await catalog.upsertCollection({
    externalId: 'KEPT',
    title: 'Kept',
    descriptionHtml: '',
  });
  assert.ok(kept.ok);
  if (!kept.ok) return;
  const unknown = Array.from({ length: 300 }, (_, i) => `gid://shopify/Collection/${900000 + i}`);
  shop.sim.resetCounters();
  const existing = await catalog.existingCollections([...unknown, kept.value.collectionId]);
  assert.equal([...existing], [kept.value.collectionId]);
  assert.is(shop.sim.counters().rootFields['nodes'], 2);
});

test('a bulk import that fails half way reports FAILED and its partial results stay readable', async () => {
  shop.sim.faults.failNextBulk({ afterRows: 3, partial: true });
  const { operationId } = await catalog.startBulkProductUpsert(
    from(Array.from({ length: 6 }, (_, i) => draft(`F${i}`))),
  );
  const state = await waitForBulk(operationId);
  assert.is(state.status, 'FAILED');
  const full = await catalog.bulkOperation(operationId);
  assert.ok(full.partialDataUrl);
  const partial = [];
  for await (const r of catalog.bulkProductResults(full.partialDataUrl ?? '')) partial.push(r);
  assert.equal(
    partial.map((r) => r.externalId),
    ['F0', 'F1', 'F2'],
  );
});

test('bulk price update end to end', async () => {
  const p = await catalog.upsertProduct(draft('BP'));
  assert.ok(p.ok);
  if (!p.ok) return;
  const { operationId, lines } = await catalog.startBulkPriceUpdate(
    from([
      {
        productId: p.value.productId,
        prices: [
          { variantId: p.value.variantIds['BP-M'] ?? '', price: '42.00', compareAtPrice: null },
        ],
      },
    ]),
  );
  assert.is(lines, 1);
  const state = await waitForBulk(operationId);
  const results = [];
  for await (const r of catalog.bulkPriceResults(state.url ?? '')) results.push(r);
  assert.equal(results, [{ lineNumber: 0, result: { ok: true, value: undefined } }]);
  assert.is(
    shop.sim.state
      .product(p.value.productId)
      ?.variants.find((v) => v.id === p.value.variantIds['BP-M'])?.price,
    '42.00',
  );
});

test('LIMIT_REACHED on a sixth concurrent bulk operation is a retryable UpstreamError', async () => {
  const slow = await startSimulatedShop({ bulkRowsPerSecond: 1 });
  try {
    const c = createShopifyCatalogPorts({
      client: slow.client(),
      logger: createTestLogger(),
      customId,
    });
    await c.ensureCustomIdDefinitions();
    for (let i = 0; i < 5; i++)
      await c.startBulkProductUpsert(from([draft(`L${i}a`), draft(`L${i}b`), draft(`L${i}c`)]));
    const error = await c.startBulkProductUpsert(from([draft('L6')])).catch((e: unknown) => e);
    assert.instance(error, UpstreamError);
    assert.is((error as UpstreamError).retryable, true);
    assert.match((error as UpstreamError).message, /limit/i);
  } finally {
    await slow.sim.close();
  }
});

test.run();
