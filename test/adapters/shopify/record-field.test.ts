import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordFieldOf } from '../../../src/adapters/shopify/record-field.js';

const sent = {
  variants: [{ externalId: 'P1-1' }, { externalId: 'P1-2' }] as never,
};

test("productSet userError paths become the record's fields (table)", () => {
  const rows: [string | null, string | null, boolean][] = [
    ['input.title', 'title', true],
    ['input.productType', 'type', true],
    ['input.descriptionHtml', 'description', true],
    ['input.variants.1.sku', 'variants[P1-2].sku', true],
    ['input.variants.0.inventoryItem.sku', 'variants[P1-1].inventoryItem.sku', true],
    ['input.variants.1.sku', 'variants[1].sku', false],
    ['input.variants.7.price', 'variants[7].price', true],
    ['input.variants', 'variants', true],
    ['input.productOptions.0.values.1', 'options[0].values[1]', true],
    ['input.productOptions.0.values.1.name', 'options[0].values[1]', true],
    ['input.productOptions.2.name', 'options[2].name', true],
    ['input.productOptions', 'options', true],
    ['identifier.customId', 'identifier.customId', true],
    ['input.collections.0', 'input.collections.0', true],
    [null, null, true],
  ];
  for (const [field, expected, withSent] of rows)
    assert.is(recordFieldOf(field, withSent ? sent : undefined), expected, String(field));
});

test.run();
