import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  overwriteVerdict,
  type OverwriteVerdict,
  type SeenWhen,
} from '../../../src/app/usecases/read-stock-levels.js';

// apiX: API X's copy (read at the run's start); shopify: what Shopify holds; seen: when that was
// seen; seenBefore: what we knew Shopify held before the read (last confirmed, or what the failed
// write expected).
const table: [string, number, number, SeenWhen, number | undefined, OverwriteVerdict][] = [
  ['Shopify already holds API X', 13, 13, 'after-read', 15, 'confirmed'],
  ['Shopify already holds API X, never confirmed', 13, 13, 'after-read', undefined, 'confirmed'],
  ['unchanged since we confirmed it: write', 13, 10, 'after-read', 10, 'write'],
  ['the reconcile export, taken before the read: write', 10, 8, 'before-read', 10, 'write'],
  ['the export, never confirmed: write', 10, 8, 'before-read', undefined, 'write'],
  ['stocked by this read at 0: write', 5, 0, 'stocked-now', undefined, 'write'],
  // S2: a fulfilment lowered 10 to 8 after API X (15) was read: 15 over 8 would oversell.
  ['lowered since we confirmed it, seen after the read: hold', 15, 8, 'after-read', 10, 'hold'],
  [
    'raised since, API X lower still: write (lowering never oversells)',
    5,
    9,
    'after-read',
    7,
    'write',
  ],
  ['raised since, API X higher still: hold', 12, 9, 'after-read', 7, 'hold'],
  ['never confirmed (a first write): write, as before', 15, 8, 'after-read', undefined, 'write'],
];

test('overwriteVerdict: a quantity first seen after API X was read is not raised', () => {
  for (const [name, apiX, shopify, seen, seenBefore, verdict] of table)
    assert.is(overwriteVerdict({ apiX, shopify, seen, seenBefore }), verdict, name);
});

test.run();
