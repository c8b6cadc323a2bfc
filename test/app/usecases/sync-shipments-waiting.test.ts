import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { WAIT_LIMIT_DAYS } from '../../../src/app/usecases/handle-shipment.js';
import { ORDER, shipment, shipmentWorld } from '../../support/fakes/shipment-world.js';

/*
 * Audit finding 1: a shipment held by a Shopify hold was answered `unchanged` by every later run
 * (same API X version, the cursor past it). It is now handled again every run until applied, or
 * given up after WAIT_LIMIT_DAYS.
 */

test('held by a hold: retried every run (not read again from API X) and applied once released', async () => {
  const { w, run } = shipmentWorld();
  const first = await run();
  assert.is(first.held, 1);
  assert.is(
    w.errors[0]!.reason,
    'Shopify holds fulfilment order FO1 (ON_HOLD): release the hold; retried every run',
  );
  assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z');

  w.clock = new Date('2026-12-01T11:00:00.000Z');
  const second = await run();
  assert.equal([second.read, second.retried, second.held], [0, 1, 1]);
  assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z', 'held since the first');

  w.status = 'OPEN';
  const released = await run();
  assert.equal([released.retried, released.created, w.creates], [1, 1, 1]);
  const record = w.records.get('S1')!;
  assert.equal([record.state, record.waiting], ['fulfilled', null]);
  const after = await run();
  assert.equal([after.retried, w.creates], [0, 1]);
});

test(`held by a hold for ${WAIT_LIMIT_DAYS} days: given up, named, and no longer retried`, async () => {
  const { w, run } = shipmentWorld();
  await run();
  w.clock = new Date(Date.parse('2026-11-30T11:00:00.000Z') + WAIT_LIMIT_DAYS * 86_400_000);
  const last = await run();
  assert.equal([last.retried, last.held], [1, 1]);
  assert.is(
    w.errors.at(-1)!.reason,
    `Shopify holds fulfilment order FO1 (ON_HOLD): release the hold; retried every run for ${WAIT_LIMIT_DAYS} days and given up: a new version from API X is tried again`,
  );
  assert.equal([w.records.get('S1')?.state, w.records.get('S1')?.waiting], ['held', null]);
  const later = await run();
  assert.equal([later.retried, later.held], [0, 0]);
});

// Review R4: the give-up clock is the wait of the version being held, not whatever held the
// shipment before (the migration also stamps every held row with its last write).
const earlier = {
  shipmentId: 'S1',
  orderId: ORDER,
  state: 'held',
  fulfillmentId: null,
  locationId: null,
  lines: shipment.lines,
  tracking: null,
  apixUpdatedAt: '2026-11-01T00:00:00.000Z',
  intentAt: null,
  heldSince: '2026-11-10T11:00:00.000Z',
} as const;
for (const [name, before] of [
  ['refused for bad input 20 days ago', { ...earlier, detail: 'unknown carrier', waiting: null }],
  [
    'an earlier version given up',
    { ...earlier, detail: 'retried every run for 14 days and given up', waiting: null },
  ],
] as const)
  test(`held before (${name}), a new version on hold waits from now and is applied once released`, async () => {
    const { w, run } = shipmentWorld();
    w.records.set('S1', before);
    const first = await run();
    assert.is(first.held, 1);
    assert.not.match(w.errors.at(-1)!.reason, /given up/);
    assert.equal(w.records.get('S1')?.waiting, shipment, 'still waiting');
    assert.is(w.records.get('S1')?.heldSince, '2026-11-30T11:00:00.000Z', 'the wait starts now');

    w.status = 'OPEN';
    w.clock = new Date('2026-12-01T11:00:00.000Z');
    const released = await run();
    assert.equal([released.retried, released.created, w.creates], [1, 1, 1]);
  });

test.run();
