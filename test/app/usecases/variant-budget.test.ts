import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  creationBudget,
  newVariantsOf,
  SHOPIFY_VARIANT_LIMIT,
} from '../../../src/app/usecases/variant-budget.js';
import type { ChangedProduct } from '../../../src/domain/ports/product-changes.js';
import type { MappedVariant } from '../../../src/app/usecases/variant-identity.js';
import { shirtDraft, sizeVariant } from '../../support/product-drafts.js';

const budgets: [string, number, boolean, number | null][] = [
  ['Plus: no daily limit', 80_000, true, null],
  ['a new store: free up to 50,000, then one day', 0, false, 51_000],
  ['just below the threshold', 49_500, false, 1_500],
  ['at the threshold: one day', 50_000, false, 1_000],
  ['far past it: still one day', 133_000, false, 1_000],
];
for (const [name, variants, plus, expected] of budgets)
  test(`table: budget, ${name}`, () => {
    assert.is(creationBudget({ variants, plus }, SHOPIFY_VARIANT_LIMIT), expected);
  });

const product = (isNew: boolean, ...variants: string[]): ChangedProduct => ({
  externalId: 'P1',
  contentHash: 'h',
  bulkLine: null,
  isNew,
  wasActive: !isNew,
  draft: shirtDraft(variants.map((id) => sizeVariant(id))),
});
const mapped = new Map<string, MappedVariant>([
  ['a', { variantId: 'gid://v/1', productExternalId: 'P1' }],
  ['b', { variantId: 'gid://v/2', productExternalId: 'P2' }],
]);
const creations: [string, ChangedProduct, number, ReadonlySet<string>?][] = [
  ['a new product creates all its variants', product(true, 'a', 'b', 'c'), 3],
  [
    'an update creates those not mapped under it (moving ones too)',
    product(false, 'a', 'b', 'c'),
    2,
  ],
  ['an update of mapped variants creates none', product(false, 'a'), 0],
  [
    'a new product adopted this run creates none (Shopify holds its variants)',
    product(true, 'x', 'y', 'z'),
    0,
    new Set(['P1']),
  ],
  ['adopting another product does not change this one', product(true, 'x'), 1, new Set(['P2'])],
];
for (const [name, changed, expected, adopted] of creations)
  test(`table: new variants, ${name}`, () => {
    assert.is(newVariantsOf(changed, mapped, adopted), expected);
  });

test.run();
