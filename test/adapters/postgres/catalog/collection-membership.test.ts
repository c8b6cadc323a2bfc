/**
 * collectionsToJoin in real PostgreSQL. Its answer goes into productSet's `collections`, which
 * replaces a product's memberships exactly, so a product Shopify already holds for us (a GID
 * mapped) must never be in it: that would drop every collection a merchant added by hand. The
 * other products Shopify may hold (adopted, sent by a run that died before recording them, found
 * by a lookup) are kept out by the use case's `skip`, checked here against the same database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPgCatalogStores } from '../../../../src/adapters/postgres/catalog/catalog-stores.js';
import { createCollectionsOnCreate } from '../../../../src/app/usecases/collections-on-create.js';
import type { ProductDraft } from '../../../../src/domain/model/catalog-write.js';
import type { ChangedProduct } from '../../../../src/domain/ports/product-changes.js';
import { useTestDatabase } from '../../../support/test-database.js';

const db = useTestDatabase(test);

const SHOP = 'a.myshopify.com';
const OTHER = 'b.myshopify.com';
const gid = (kind: string, id: string) => `gid://shopify/${kind}/${id}`;

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

async function map(
  shop: string,
  entity: 'product' | 'collection',
  externalId: string,
  shopifyId: string | null,
  state: 'active' | 'archived' | 'removed' = 'active',
) {
  await db.pool.query(
    `INSERT INTO mappings (shop, entity, external_id, shopify_id, state) VALUES ($1, $2, $3, $4, $5)`,
    [shop, entity, externalId, shopifyId, state],
  );
}

async function stage(shop: string, products: Record<string, string[]>) {
  const state = createPgCatalogStores(db.pool, shop);
  await state.resetStaging();
  await state.stageProducts(
    Object.entries(products).map(([id, categoryIds]) => ({
      externalId: id,
      contentHash: `h-${id}`,
      categoryIds,
      active: true,
      draft: draft(id),
    })),
  );
  return state;
}

/** Collections c1..c3 active in Shopify; c-archived gone; c-unsent never created. */
async function collections() {
  for (const c of ['c1', 'c2', 'c3']) await map(SHOP, 'collection', c, gid('Collection', c));
  await map(SHOP, 'collection', 'c-archived', gid('Collection', 'x'), 'archived');
  await map(SHOP, 'collection', 'c-unsent', null);
  // Another shop's collection for a category this shop has not created must not leak in.
  await map(OTHER, 'collection', 'c-other', gid('Collection', 'other'));
}

test('only products with no GID mapped get collections, in category order, active ones only', async () => {
  await collections();
  // Shopify holds 'mapped' for us: hand-made memberships live there.
  await map(SHOP, 'product', 'mapped', gid('Product', 'mapped'));
  // A row without a GID (a refused create): Shopify holds nothing, so it is new.
  await map(SHOP, 'product', 'refused', null);
  // The same id mapped in another shop says nothing about this one.
  await map(OTHER, 'product', 'new', gid('Product', 'elsewhere'));
  const state = await stage(SHOP, {
    mapped: ['c1', 'c2'],
    new: ['c2', 'c-archived', 'c1', 'c-unsent', 'c2', 'c-other'],
    refused: ['c3'],
    'no-collections': ['c-archived', 'c-unsent'],
    'no-categories': [],
  });

  const joins = await state.collectionsToJoin([
    'mapped',
    'new',
    'refused',
    'no-collections',
    'no-categories',
    'not-staged',
  ]);

  assert.equal(
    Object.fromEntries(joins),
    {
      new: [
        { categoryId: 'c2', collectionId: gid('Collection', 'c2') },
        { categoryId: 'c1', collectionId: gid('Collection', 'c1') },
      ],
      refused: [{ categoryId: 'c3', collectionId: gid('Collection', 'c3') }],
    },
    'mapped product absent; archived, unsent and foreign collections left to the membership step',
  );
  assert.equal(await state.collectionsToJoin([]), new Map());
  assert.equal(
    [...(await state.collectionsToJoin(['new'])).keys()],
    ['new'],
    'only the products asked about',
  );
});

test('the use case keeps adopted, sent-unrecorded and looked-up products out as well', async () => {
  const state = await stage(SHOP, {
    mapped: ['c1'],
    fresh: ['c1'],
    adopted: ['c1'],
    'sent-unrecorded': ['c2'],
    'found-by-lookup': ['c3'],
  });
  const withCollectionsToJoin = createCollectionsOnCreate({ state });
  const changed = (id: string): ChangedProduct => ({
    externalId: id,
    contentHash: `h-${id}`,
    draft: draft(id),
    bulkLine: null,
    isNew: id !== 'mapped',
    wasActive: false,
  });
  // None of these three is mapped, so collectionsToJoin alone would answer for them: the
  // callers name them in `skip` (bulk: sentUnrecorded/adopted; per product: adopted or a
  // lookup that placed existing variants).
  const mayExist = new Set(['adopted', 'sent-unrecorded', 'found-by-lookup']);
  const out = await withCollectionsToJoin(['mapped', 'fresh', ...mayExist].map(changed), (p) =>
    mayExist.has(p.externalId),
  );

  assert.equal(Object.fromEntries(out.map((p) => [p.externalId, p.draft.collections ?? null])), {
    mapped: null,
    fresh: [{ categoryId: 'c1', collectionId: gid('Collection', 'c1') }],
    adopted: null,
    'sent-unrecorded': null,
    'found-by-lookup': null,
  });
});

test.run();
