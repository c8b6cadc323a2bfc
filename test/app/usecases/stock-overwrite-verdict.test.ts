import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { overwriteTarget } from '../../../src/app/usecases/read-stock-levels.js';

// apiX: API X's copy (read at the run's start); shopify: what Shopify holds now; base: what
// Shopify was known to hold before the read (last confirmed, the export, 0 just stocked).
const table: [string, number, number, number | undefined, number | null][] = [
  ['Shopify already holds API X', 13, 13, 15, null],
  ['unchanged since it was known: API X', 13, 10, 10, 13],
  ['seen before the read (export, just stocked): API X', 10, 8, 8, 10],
  ['never confirmed (a first write): API X, as before', 15, 8, undefined, 15],
  // S2: a fulfilment lowered 10 to 8 after API X (15) was read: 15 less the 2 shipped.
  ['moved down after the read (a fulfilment): API X less the move', 15, 8, 10, 13],
  // Review R1: API X's copy below Shopify's, and a fulfilment after the read (20 -> 18).
  ['lowering, moved down after the read: API X less the move', 15, 18, 20, 13],
  ['moved up after the read (a restock by hand): API X, no more', 5, 9, 7, 5],
  ['moved down by more than API X holds: 0', 2, 0, 5, 0],
  ['API X unchanged since, Shopify moved down: what Shopify holds', 10, 8, 10, 8],
];

test('overwriteTarget: never above API X, never above API X less what Shopify shipped since the read', () => {
  for (const [name, apiX, shopify, base, target] of table)
    assert.is(overwriteTarget({ apiX, shopify, base }), target, name);
});

test.run();
