import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { windowUnchanged } from '../../../src/app/usecases/order-window.js';

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

test.run();
