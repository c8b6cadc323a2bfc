/** Staging keeps a draft only where it differs from what Shopify last received. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../../src/adapters/postgres/catalog/catalog-stores.js';
import type { ProductDraft } from '../../../../src/domain/model/catalog-write.js';
import type { StagedProduct } from '../../../../src/domain/ports/catalog-staging.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

const SHOP = 'a.myshopify.com';

const draft = (id: string): ProductDraft => ({
  externalId: id,
  title: `Product ${id}`,
  descriptionHtml: '',
  vendor: 'v',
  productType: 't',
  status: 'ACTIVE',
  options: [{ name: 'Title', values: ['Default Title'] }],
  variants: [],
});

const staged = (id: string, hash: string, more: Partial<StagedProduct> = {}): StagedProduct => ({
  externalId: id,
  contentHash: hash,
  categoryIds: [],
  active: true,
  draft: draft(id),
  ...more,
});

async function stagedRows() {
  const { rows } = await db.pool.query<{
    external_id: string;
    content_hash: string;
    category_ids: string[];
    active: boolean;
    has_draft: boolean;
  }>(
    `SELECT external_id, content_hash, category_ids, active, draft IS NOT NULL AS has_draft
       FROM staged_products WHERE shop = $1 ORDER BY external_id`,
    [SHOP],
  );
  return new Map(rows.map((r) => [r.external_id, r]));
}

test('drafts are kept for new and changed products only; every product is staged', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash) VALUES
       ($1, 'product', 'same', 'gid://shopify/Product/1', 'h-same'),
       ($1, 'product', 'changed', 'gid://shopify/Product/2', 'h-old'),
       ($1, 'product', 'unwritten', NULL, 'h-unwritten')`,
    [SHOP],
  );
  await state.stageProducts([
    staged('same', 'h-same'),
    staged('changed', 'h-new'),
    staged('unwritten', 'h-unwritten'),
    staged('new', 'h-x'),
    staged('invalid', '', { draft: null }),
  ]);
  const rows = await stagedRows();
  const cases: [string, boolean][] = [
    ['same', false],
    ['changed', true],
    ['unwritten', true],
    ['new', true],
    ['invalid', false],
  ];
  for (const [id, hasDraft] of cases) assert.is(rows.get(id)?.has_draft, hasDraft, id);
  const { rows: kept } = await db.pool.query<{ draft: ProductDraft }>(
    `SELECT draft FROM staged_products WHERE shop = $1 AND external_id = 'changed'`,
    [SHOP],
  );
  assert.equal(kept[0]?.draft, draft('changed'), 'the draft is stored as sent');
});

test('a product staged again replaces its row, its draft decided anew', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  await state.stageProducts([staged('changed', 'h-new', { categoryIds: ['c1'] })]);
  // A newer copy whose content is what Shopify already has: no draft any more.
  await state.stageProducts([staged('changed', 'h-old', { categoryIds: ['c2'], active: false })]);
  let row = (await stagedRows()).get('changed');
  assert.equal(row?.category_ids, ['c2']);
  assert.is(row?.active, false);
  assert.is(row?.has_draft, false);
  // ...and back to changed content: the draft returns.
  await state.stageProducts([staged('changed', 'h-newer')]);
  row = (await stagedRows()).get('changed');
  assert.is(row?.content_hash, 'h-newer');
  assert.is(row?.has_draft, true);
});

test('hashes staged with a record key are remembered across resets; an unbuilt draft is asked for only where it differs', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, content_hash) VALUES
       ($1, 'product', 'k-same', 'gid://shopify/Product/11', 'h-same'),
       ($1, 'product', 'k-changed', 'gid://shopify/Product/12', 'h-old')`,
    [SHOP],
  );
  const wantedFirst = await state.stageProducts([
    staged('k-same', 'h-same', { recordKey: 'key-same' }),
    staged('k-changed', 'h-new', { recordKey: 'key-changed' }),
    staged('k-plain', 'h-plain'),
  ]);
  assert.equal(wantedFirst, [], 'built drafts are kept by the store itself');
  await state.resetStaging();
  const known = await state.knownContentOf(['k-same', 'k-changed', 'k-plain', 'k-none']);
  assert.equal(Object.fromEntries(known), {
    'k-same': { recordKey: 'key-same', contentHash: 'h-same' },
    'k-changed': { recordKey: 'key-changed', contentHash: 'h-new' },
  });
  const wanted = await state.stageProducts([
    staged('k-same', 'h-same', { draft: 'unbuilt' }),
    staged('k-changed', 'h-new', { draft: 'unbuilt' }),
  ]);
  assert.equal(wanted, ['k-changed'], 'only the one Shopify does not have yet');
  let rows = await stagedRows();
  assert.is(rows.get('k-changed')?.has_draft, false, 'no draft until it is given');
  await state.stageDrafts([draft('k-changed')]);
  rows = await stagedRows();
  assert.is(rows.get('k-changed')?.has_draft, true);
  assert.is(rows.get('k-same')?.has_draft, false);
  // A new key replaces the remembered one.
  await state.stageProducts([staged('k-same', 'h-same-2', { recordKey: 'key-same-2' })]);
  assert.equal((await state.knownContentOf(['k-same'])).get('k-same'), {
    recordKey: 'key-same-2',
    contentHash: 'h-same-2',
  });
});

test('category ids of any text survive staging', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  const awkward = [
    'plain',
    'with space',
    'a,b',
    '{braces}',
    'quote"d',
    'back\\slash',
    'NULL',
    '',
    'ä',
  ];
  await state.stageProducts([staged('same', 'h-same', { categoryIds: awkward })]);
  assert.equal((await stagedRows()).get('same')?.category_ids, awkward);
});

test('prices are staged and read back by variant', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  await state.stagePrices([
    { variantExternalId: 'v1', amount: '1.00', compareAt: null, contentHash: 'p1' },
    { variantExternalId: 'v2', amount: '2.50', compareAt: '3.00', contentHash: 'p2' },
  ]);
  const prices = await state.stagedPricesOf(['v2', 'v3']);
  assert.equal([...prices.keys()], ['v2']);
  assert.equal(prices.get('v2'), {
    variantExternalId: 'v2',
    amount: '2.50',
    compareAt: '3.00',
    contentHash: 'p2',
  });
});

test('products staged before the prices were in: checked once they are (status, unpriced variants)', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  const price = (v: string) => ({
    variantExternalId: v,
    amount: '1.00',
    compareAt: null,
    contentHash: 'p',
  });
  const provisional = (
    id: string,
    variantIds: string[],
    assumedStatus: 'ACTIVE' | 'DRAFT' | 'ARCHIVED' | null,
    active = true,
  ) =>
    staged(id, assumedStatus === null ? '' : `h-${id}`, {
      active,
      draft: assumedStatus === null ? null : 'unbuilt',
      variantIds,
      assumedStatus,
    });
  await state.stageProducts([
    provisional('active-priced', ['a1', 'a2'], 'ACTIVE'),
    provisional('active-was-draft', ['b1'], 'DRAFT'),
    provisional('active-lost-price', ['c1', 'c2'], 'ACTIVE'),
    provisional('draft-still', ['d1', 'd2', 'd3'], 'DRAFT'),
    provisional('inactive', ['e1'], 'ARCHIVED', false),
    provisional('inactive-was-active', ['f1'], 'ACTIVE', false),
    provisional('no-variants', [], 'ACTIVE'),
    provisional('no-hash', ['g1'], null),
    // Staged with every price known (or held back): nothing to check.
    staged('final', 'h-final', { variantIds: undefined }),
    staged('held', '', { draft: null }),
  ]);
  await state.stagePrices(['a1', 'a2', 'b1', 'c1', 'd2', 'e1', 'f1', 'g1'].map(price));
  const checked = await state.checkProvisional('ARCHIVED');
  assert.equal([...checked.redraft].sort(), [
    'active-lost-price',
    'active-was-draft',
    'inactive-was-active',
  ]);
  assert.is(checked.unpricedProducts, 2, 'active-lost-price and draft-still');
  assert.equal(await state.unpricedStaged(null, 10), [
    { productExternalId: 'active-lost-price', variantExternalId: 'c2', position: 2 },
    { productExternalId: 'draft-still', variantExternalId: 'd1', position: 1 },
    { productExternalId: 'draft-still', variantExternalId: 'd3', position: 3 },
  ]);
  // Paged: the next page starts after the last one given.
  const first = await state.unpricedStaged(null, 2);
  assert.is(first.length, 2);
  assert.equal(await state.unpricedStaged(first[1] ?? null, 2), [
    { productExternalId: 'draft-still', variantExternalId: 'd3', position: 3 },
  ]);
  // Staged again with every price known: no longer checked.
  await state.stageProducts([staged('active-lost-price', 'h-again')]);
  const again = await state.checkProvisional('ARCHIVED');
  assert.equal([...again.redraft].sort(), ['active-was-draft', 'inactive-was-active']);
  // The archive status is the configured one: DRAFT, and the inactive rows assumed ARCHIVED differ.
  assert.equal([...(await state.checkProvisional('DRAFT')).redraft].sort(), [
    'active-was-draft',
    'inactive',
    'inactive-was-active',
  ]);
});

test('ANALYZE of staged_products skips the columns only unnested or read back, keeps those filtered on', async () => {
  const state = createPgCatalogStores(db.pool, SHOP);
  await state.resetStaging();
  await state.stageProducts([
    staged('a', 'h-a', { categoryIds: ['c1'], variantIds: ['v1'], assumedStatus: 'ACTIVE' }),
    staged('b', 'h-b', { categoryIds: ['c2'], draft: null }),
  ]);
  await db.pool.query(`ANALYZE staged_products`);
  const { rows } = await db.pool.query<{ attname: string }>(
    `SELECT attname FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'staged_products'`,
  );
  const analysed = new Set(rows.map((r) => r.attname));
  for (const column of ['variant_ids', 'category_ids', 'assumed_status'])
    assert.not.ok(analysed.has(column), column);
  for (const column of ['shop', 'external_id', 'draft', 'content_hash'])
    assert.ok(analysed.has(column), column);
});

test.run();
