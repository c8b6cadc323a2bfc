import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { placeVariants, type MappedVariant } from '../../../src/app/usecases/variant-identity.js';
import type { ProductDraft } from '../../../src/domain/ports/shopify-catalog.js';

const variant = (externalId: string) => ({
  externalId,
  sku: externalId,
  barcode: null,
  optionValues: [{ optionName: 'Size', name: externalId }],
  weightGrams: null,
  price: '1.00',
  compareAtPrice: null,
});
const draft: ProductDraft = {
  externalId: 'P1',
  title: 'Shirt',
  descriptionHtml: '',
  vendor: '',
  productType: '',
  status: 'ACTIVE',
  options: [{ name: 'Size', values: ['a', 'b', 'c'] }],
  variants: [variant('a'), variant('b'), variant('c')],
};
const at = (productExternalId: string, variantId: string): MappedVariant => ({
  productExternalId,
  variantId,
});

const cases: [string, boolean, [string, MappedVariant][], (string | undefined)[], string[]][] = [
  ['nothing mapped: all new', false, [], [undefined, undefined, undefined], []],
  [
    'mapped under this product: sent by id',
    false,
    [
      ['a', at('P1', 'gid://v/1')],
      ['b', at('P1', 'gid://v/2')],
    ],
    ['gid://v/1', 'gid://v/2', undefined],
    [],
  ],
  [
    'mapped under another product: new here, released there first',
    false,
    [['c', at('P9', 'gid://v/9')]],
    [undefined, undefined, undefined],
    ['gid://v/9'],
  ],
  [
    'a new product never reuses stale ids of its own',
    true,
    [['a', at('P1', 'gid://v/1')]],
    [undefined, undefined, undefined],
    ['gid://v/1'],
  ],
];

for (const [name, isNew, mapped, ids, release] of cases) {
  test(name, () => {
    const placed = placeVariants(draft, isNew, new Map(mapped));
    assert.equal(
      placed.draft.variants.map((v) => v.shopifyId),
      ids,
    );
    assert.equal(placed.release, release);
  });
}

test.run();
