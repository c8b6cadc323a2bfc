import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { settledBy, windowUnchanged } from '../../../src/app/usecases/order-window.js';

// Issue #16 item 4: when Shopify's summary of the window (count, newest updatedAt) may stand in
// for reading it. Full read at 12:00, lag allowance (the overlap) 120 s.
const at = (hms: string) => `2026-11-30T${hms}Z`;
const read = at('12:00:00');
const cases: [string, Parameters<typeof windowUnchanged>, boolean][] = [
  [
    'same count and newest, older than the read by the lag',
    [
      { count: 5, newestUpdatedAt: at('11:50:00') },
      { count: 5, newestUpdatedAt: at('11:50:00') },
      read,
      120,
    ],
    true,
  ],
  [
    'the newest is exactly the lag before the read',
    [
      { count: 5, newestUpdatedAt: at('11:58:00') },
      { count: 5, newestUpdatedAt: at('11:58:00') },
      read,
      120,
    ],
    true,
  ],
  // A change not yet indexed at the read could hide behind this newer one: read.
  [
    'the newest is within the lag of the read',
    [
      { count: 5, newestUpdatedAt: at('11:58:01') },
      { count: 5, newestUpdatedAt: at('11:58:01') },
      read,
      120,
    ],
    false,
  ],
  [
    'an order changed since (newer newest)',
    [
      { count: 5, newestUpdatedAt: at('12:04:00') },
      { count: 5, newestUpdatedAt: at('11:50:00') },
      read,
      120,
    ],
    false,
  ],
  [
    'a new order (or one deleted and not yet marked)',
    [
      { count: 6, newestUpdatedAt: at('11:50:00') },
      { count: 5, newestUpdatedAt: at('11:50:00') },
      read,
      120,
    ],
    false,
  ],
  [
    'never read in full',
    [
      { count: 5, newestUpdatedAt: at('11:50:00') },
      { count: 5, newestUpdatedAt: at('11:50:00') },
      null,
      120,
    ],
    false,
  ],
  [
    'an empty window on both sides',
    [{ count: 0, newestUpdatedAt: null }, { count: 0, newestUpdatedAt: null }, null, 120],
    true,
  ],
  [
    'Shopify empty, orders stored',
    [{ count: 0, newestUpdatedAt: null }, { count: 0, newestUpdatedAt: at('11:50:00') }, read, 120],
    false,
  ],
  // No lag allowed for: the newest order's second must still have passed before the read.
  [
    'no lag, the newest stamped in the second the read began',
    [
      { count: 5, newestUpdatedAt: at('12:00:00') },
      { count: 5, newestUpdatedAt: at('12:00:00') },
      `2026-11-30T12:00:00.700Z`,
      0,
    ],
    false,
  ],
  [
    'no lag, the newest a second before the read',
    [
      { count: 5, newestUpdatedAt: at('11:59:59') },
      { count: 5, newestUpdatedAt: at('11:59:59') },
      read,
      0,
    ],
    true,
  ],
  [
    'a stored timestamp that is not one',
    [
      { count: 5, newestUpdatedAt: at('11:50:00') },
      { count: 5, newestUpdatedAt: 'yesterday' },
      read,
      120,
    ],
    false,
  ],
];
for (const [name, args, expected] of cases)
  test(`windowUnchanged: ${name}`, () => {
    assert.is(windowUnchanged(...args), expected);
  });

// Whether a stored stamp vouches for the order's version: Shopify's stamps have whole seconds.
const settled: [string, Parameters<typeof settledBy>, boolean][] = [
  ['read the second after the stamp', [at('11:59:59'), read], true],
  ['read long after', [at('11:00:00'), read], true],
  ["read within the stamp's second", [at('12:00:00'), '2026-11-30T12:00:00.900Z'], false],
  ["read at the very start of the stamp's second", [at('12:00:00'), read], false],
  ['read just before the second ended', [at('11:59:59'), '2026-11-30T11:59:59.999Z'], false],
  ['never read', [at('11:00:00'), null], false],
  ['a stamp that is not one', ['yesterday', read], false],
];
for (const [name, args, expected] of settled)
  test(`settledBy: ${name}`, () => {
    assert.is(settledBy(...args), expected);
  });

test.run();
