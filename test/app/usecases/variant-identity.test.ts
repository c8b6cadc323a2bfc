import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { placeVariants, type MappedVariant } from '../../../src/app/usecases/variant-identity.js';
import { shirtDraft, sizeVariant } from '../../support/product-drafts.js';

const draft = shirtDraft(['a', 'b', 'c'].map((id) => sizeVariant(id)));
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

// Variants Shopify holds under this product though nothing of them is recorded here (a run
// killed between productSet and recording its answer): their GIDs win over any mapping.
const heldCases: [
  string,
  boolean,
  [string, MappedVariant][],
  [string, string][],
  (string | undefined)[],
  string[],
][] = [
  [
    'a new product Shopify already holds: its variants are sent by id',
    true,
    [],
    [
      ['a', 'gid://v/5'],
      ['b', 'gid://v/6'],
    ],
    ['gid://v/5', 'gid://v/6', undefined],
    [],
  ],
  [
    'a variant added to Shopify unrecorded: by id, next to the mapped ones',
    false,
    [['a', at('P1', 'gid://v/1')]],
    [
      ['a', 'gid://v/1'],
      ['c', 'gid://v/7'],
    ],
    ['gid://v/1', undefined, 'gid://v/7'],
    [],
  ],
  [
    'a variant already moved here unrecorded: by id here, its old GID still released',
    true,
    [['b', at('P9', 'gid://v/9')]],
    [['b', 'gid://v/8']],
    [undefined, 'gid://v/8', undefined],
    ['gid://v/9'],
  ],
];

for (const [name, isNew, mapped, held, ids, release] of heldCases) {
  test(name, () => {
    const placed = placeVariants(draft, isNew, new Map(mapped), new Map(held));
    assert.equal(
      placed.draft.variants.map((v) => v.shopifyId),
      ids,
    );
    assert.equal(placed.release, release);
  });
}

test.run();
