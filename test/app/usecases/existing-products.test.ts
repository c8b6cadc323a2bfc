import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchExisting } from '../../../src/app/usecases/existing-products.js';
import type { ProductDraft } from '../../../src/domain/model/catalog-write.js';
import type { VariantBySku } from '../../../src/domain/ports/variant-lookup.js';
import { shirtDraft, sizeVariant } from '../../support/product-drafts.js';

const draft = (...skus: string[]): ProductDraft =>
  shirtDraft(skus.map((sku, i) => sizeVariant(`v${i}`, sku)));
const inShopify = (
  sku: string,
  variantId: string,
  product: string,
  variantCount: number,
  ours: { variant?: string; product?: string } = {},
): VariantBySku => ({
  variantId,
  sku,
  externalId: ours.variant ?? null,
  product: { id: product, title: `T ${product}`, externalId: ours.product ?? null, variantCount },
});

const cases: [string, ProductDraft, VariantBySku[], string, RegExp | null][] = [
  ['nothing in Shopify: created as usual', draft('A', 'B'), [], 'none', null],
  [
    'same SKUs, one foreign product, same variant count: the same product',
    draft('A', 'B'),
    [inShopify('A', 'gid://V/1', 'gid://P/1', 2), inShopify('b', 'gid://V/2', 'gid://P/1', 2)],
    'same',
    null,
  ],
  [
    'our own product under these SKUs (moving variants, lost answers): not a foreign match',
    draft('A'),
    [inShopify('A', 'gid://V/1', 'gid://P/1', 1, { product: 'P9', variant: 'v9' })],
    'none',
    null,
  ],
  [
    'an adoption cut short (some variants carry our ids, the product not): adopted again',
    draft('A', 'B', 'C'),
    [
      inShopify('A', 'gid://V/1', 'gid://P/1', 3, { variant: 'v0' }),
      inShopify('B', 'gid://V/2', 'gid://P/1', 3, { variant: 'v1' }),
      inShopify('C', 'gid://V/3', 'gid://P/1', 3),
    ],
    'same',
    null,
  ],
  [
    "a variant carrying another of our products' id, on a foreign product: not adopted",
    draft('A', 'B'),
    [
      inShopify('A', 'gid://V/1', 'gid://P/1', 2, { variant: 'x9' }),
      inShopify('B', 'gid://V/2', 'gid://P/1', 2),
    ],
    'ambiguous',
    /SKUs not on it: A/,
  ],
  [
    'SKUs spread over two foreign products',
    draft('A', 'B'),
    [inShopify('A', 'gid://V/1', 'gid://P/1', 1), inShopify('B', 'gid://V/2', 'gid://P/2', 1)],
    'ambiguous',
    /spread over 2 Shopify products.*SKU A on "T gid:\/\/P\/1" \(gid:\/\/P\/1\).*SKU B on/,
  ],
  [
    'partial: one SKU of ours is not on the foreign product',
    draft('A', 'B'),
    [inShopify('A', 'gid://V/1', 'gid://P/1', 1)],
    'ambiguous',
    /SKU A is on Shopify product "T gid:\/\/P\/1".*it has 1 variant\(s\), API X 2; SKUs not on it: B/,
  ],
  [
    'partial: the foreign product has variants we do not',
    draft('A'),
    [inShopify('A', 'gid://V/1', 'gid://P/1', 3)],
    'ambiguous',
    /it has 3 variant\(s\), API X 1/,
  ],
  [
    'one SKU on two variants of the foreign product',
    draft('A', 'B'),
    [
      inShopify('A', 'gid://V/1', 'gid://P/1', 2),
      inShopify('A', 'gid://V/2', 'gid://P/1', 2),
      inShopify('B', 'gid://V/3', 'gid://P/1', 2),
    ],
    'ambiguous',
    /SKU A is on 2 variants/,
  ],
  [
    'a variant without SKU finds nothing',
    draft(''),
    [inShopify('', 'gid://V/1', 'gid://P/1', 1)],
    'none',
    null,
  ],
];

for (const [name, d, found, kind, reason] of cases)
  test(`table: ${name}`, () => {
    const m = matchExisting(d, found);
    assert.is(m.kind, kind);
    if (m.kind === 'ambiguous' && reason) assert.match(m.reason, reason);
  });

test('a match pairs each of our variants with the GID of the variant holding its SKU', () => {
  const m = matchExisting(draft('A', 'B'), [
    inShopify('B', 'gid://V/2', 'gid://P/1', 2),
    inShopify('A', 'gid://V/1', 'gid://P/1', 2),
  ]);
  assert.equal(m, {
    kind: 'same',
    product: { id: 'gid://P/1', title: 'T gid://P/1' },
    variants: [
      { variantId: 'gid://V/1', externalId: 'v0' },
      { variantId: 'gid://V/2', externalId: 'v1' },
    ],
    field: 'variants[v0].sku',
    sku: 'A',
  });
});

test.run();
