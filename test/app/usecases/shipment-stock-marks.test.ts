import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ShipmentRecord } from '../../../src/domain/model/shipment.js';
import {
  LOCATION,
  ORDER,
  shipment,
  shipmentWorld,
  VARIANT,
} from '../../support/fakes/shipment-world.js';

/*
 * A fulfilment we create or cancel moves Shopify's on hand at its location behind the stock
 * sync's memory (the reverse race of the stock audit: stock written before the fulfilment made
 * Shopify subtract the shipped units twice). Every such write marks the levels it moved, before
 * the record says it happened, so a run stopped in between marks again when it resumes.
 */

const fulfilled: ShipmentRecord = {
  shipmentId: shipment.id,
  orderId: ORDER,
  state: 'fulfilled',
  fulfillmentId: 'gid://shopify/Fulfillment/9',
  locationId: LOCATION,
  lines: shipment.lines,
  tracking: { company: 'UPS', numbers: ['1Z1'], urls: [] },
  apixUpdatedAt: shipment.updatedAt,
  intentAt: '2026-11-30T10:30:00.000Z',
  detail: null,
  heldSince: null,
  waiting: null,
};
const marked = [{ variantIds: [VARIANT], locationId: LOCATION }];

test('a fulfilment created marks its variants at its location; a dry run, a hold and a rerun do not', async () => {
  const { w, run } = shipmentWorld();
  await run(true);
  await run();
  assert.equal([w.creates, w.marks], [0, []], 'dry run, then held');
  w.status = 'OPEN';
  await run();
  assert.equal([w.creates, w.marks], [1, marked]);
  await run();
  assert.equal([w.creates, w.marks], [1, marked], 'nothing new written, nothing marked');
});

test('a fulfilment found after an interruption (intent recorded) is marked when adopted', async () => {
  const { w, run } = shipmentWorld();
  w.records.set(shipment.id, { ...fulfilled, state: 'intent', fulfillmentId: null });
  w.fulfilments = [
    {
      id: 'gid://shopify/Fulfillment/9',
      status: 'SUCCESS',
      createdAt: '2026-11-30T10:30:01Z',
      locationId: LOCATION,
      trackingNumbers: ['1Z1'],
      lines: shipment.lines,
    },
  ];
  await run();
  assert.equal([w.creates, w.records.get(shipment.id)?.state, w.marks], [0, 'fulfilled', marked]);
});

test('a fulfilment cancelled (API X cancelled the shipment) marks the levels its units return to', async () => {
  const { w, run } = shipmentWorld();
  w.records.set(shipment.id, fulfilled);
  w.shipment = { ...shipment, cancelled: true, updatedAt: '2026-11-30T12:00:00.000Z' };
  await run();
  assert.equal([w.cancels, w.records.get(shipment.id)?.state, w.marks], [1, 'cancelled', marked]);
});

test.run();
