import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../../src/adapters/postgres/catalog/catalog-stores.js';
import type { ProductDraft } from '../../../../src/domain/model/catalog-write.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

const draft = (id: string, title: string): ProductDraft => ({
  externalId: id,
  title,
  descriptionHtml: '',
  vendor: 'v',
  productType: 't',
  status: 'ACTIVE',
  options: [{ name: 'Title', values: ['Default Title'] }],
  variants: [
    {
      externalId: `${id}-1`,
      sku: `${id}-1`,
      barcode: null,
      optionValues: [{ optionName: 'Title', name: 'Default Title' }],
      weightGrams: null,
      price: '1.00',
      compareAtPrice: null,
    },
  ],
});

test('bulk chunks cover every changed product once, in order, within the byte budget', async () => {
  const state = createPgCatalogStores(db.pool, 'a.myshopify.com');
  // Ids whose byte order and collation order may differ ("B" vs "a"): the keyset must follow the database.
  const ids = ['P-a', 'P-B', 'P-c', 'P-D', 'P-e', 'P-f', 'P-G'];
  await state.stageProducts(
    ids.map((id) => ({
      externalId: id,
      contentHash: `h-${id}`,
      categoryIds: [],
      active: true,
      draft: draft(id, `Product ${id} `.repeat(20)),
    })),
  );
  // Budget for about two drafts per chunk, weighed as the store weighs them.
  const { rows: sizes } = await db.pool.query<{ w: number }>(
    `SELECT max(length(draft::text) * 2 + 256) AS w FROM staged_products`,
  );
  const budget = 2.5 * Number(sizes[0]?.w);
  const seen: string[] = [];
  let after: string | null = null;
  let chunks = 0;
  for (;;) {
    const chunk = await state.assignBulkChunk(after, budget);
    if (chunk.lines === 0) break;
    chunks++;
    const rows = await state.bulkChunk(0, 100);
    assert.equal(
      rows.map((r) => r.bulkLine),
      rows.map((_, i) => i + 1),
      'lines 1..N within the chunk',
    );
    assert.ok(rows.length <= 2);
    seen.push(...rows.map((r) => r.externalId));
    after = chunk.lastExternalId;
    assert.is(after, rows[rows.length - 1]?.externalId);
  }
  assert.is(chunks, 4);
  assert.equal([...seen].sort(), [...ids].sort(), 'every product exactly once');

  // A line cap (the small first file of a bulk write) holds whatever the byte budget allows.
  const capped = await state.assignBulkChunk(null, 1e9, 3);
  assert.is(capped.lines, 3);
  assert.equal(
    (await state.bulkChunk(0, 100)).map((r) => r.bulkLine),
    [1, 2, 3],
  );
  assert.is((await state.assignBulkChunk(capped.lastExternalId, 1e9)).lines, ids.length - 3);
});

test('a product sent in bulk unrecorded, then written by the regular path, is no longer listed as sent unrecorded', async () => {
  const shop = 'unrecorded.myshopify.com';
  const state = createPgCatalogStores(db.pool, shop);
  const stage = (ids: string[]) =>
    state.stageProducts(
      ids.map((id) => ({
        externalId: id,
        contentHash: `h-${id}`,
        categoryIds: [],
        active: true,
        draft: draft(id, `Product ${id}`),
      })),
    );
  // A bulk file carried U-1 and U-2; the run died before their results were recorded, and the
  // next run's reset carried them into bulk_sent_unrecorded.
  await stage(['U-1', 'U-2']);
  await state.assignBulkChunk(null, 1_000_000);
  await state.resetStaging();
  assert.equal([...(await state.productsSentInBulkUnrecorded())].sort(), ['U-1', 'U-2']);
  // This run writes U-1 by productSet (below the bulk threshold) and records it.
  await stage(['U-1', 'U-2']);
  await state.saveProductsWritten([
    {
      externalId: 'U-1',
      productId: 'gid://shopify/Product/1',
      variantIds: { 'U-1-1': 'gid://shopify/ProductVariant/11' },
      contentHash: 'h-U-1',
      status: 'ACTIVE',
      pricesSent: {},
    },
  ]);
  assert.equal([...(await state.productsSentInBulkUnrecorded())], ['U-2']);
  const { rows } = await db.pool.query<{ external_id: string }>(
    `SELECT external_id FROM bulk_sent_unrecorded WHERE shop = $1`,
    [shop],
  );
  assert.equal(
    rows.map((r) => r.external_id),
    ['U-2'],
  );
});

async function analyzeCounts(): Promise<{ mappings: number; staged: number }> {
  const { rows } = await db.pool.query<{ relname: string; n: string }>(
    `SELECT relname, analyze_count AS n FROM pg_stat_user_tables
      WHERE relname IN ('mappings', 'staged_products')`,
  );
  const of = (t: string) => Number(rows.find((r) => r.relname === t)?.n);
  return { mappings: of('mappings'), staged: of('staged_products') };
}

test('a chunk re-analyses mappings and staged_products only after a previous chunk changed them beyond autovacuum threshold', async () => {
  const state = createPgCatalogStores(db.pool, 'analyse.myshopify.com');
  const ids = Array.from({ length: 120 }, (_, i) => `A-${String(i).padStart(3, '0')}`);
  await state.stageProducts(
    ids.map((id) => ({
      externalId: id,
      contentHash: `h-${id}`,
      categoryIds: [],
      active: true,
      draft: draft(id, `Product ${id}`),
    })),
  );
  // As countStaged leaves them before the first chunk.
  await db.pool.query(`ANALYZE mappings, staged_products`);
  const before = await analyzeCounts();

  // The first chunk (the small probe file): its tables were just analysed.
  const probe = await state.assignBulkChunk(null, 1e9, 10);
  assert.is(probe.lines, 10);
  assert.equal(await analyzeCounts(), before, 'first chunk: nothing analysed');

  // After a 10-line chunk: under 50 rows + 10%, the statistics still hold.
  const rest = await state.assignBulkChunk(probe.lastExternalId, 1e9);
  assert.is(rest.lines, 110);
  assert.equal(await analyzeCounts(), before, 'after 10 lines: nothing analysed');

  // After a 110-line chunk (results saved for each line): both analysed, once.
  assert.is((await state.assignBulkChunk(rest.lastExternalId, 1e9)).lines, 0);
  assert.equal(
    await analyzeCounts(),
    { mappings: before.mappings + 1, staged: before.staged + 1 },
    'after 110 lines: both analysed',
  );
});

test.run();
