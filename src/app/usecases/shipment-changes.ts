import type { Shipment, ShipmentRecord } from '../../domain/model/shipment.js';
import type { FulfilmentReads } from './fulfilment-reads.js';
import { findOwnFulfilment, sameLines, sameTracking, trackingFor } from './plan-fulfilment.js';
import {
  markStockMoved,
  recordOf,
  reusedNumbers,
  type Hold,
  type Outcome,
  type ShipmentWriteDeps,
  type ShipmentWriteOptions,
} from './shipment-outcome.js';
import type { StepContext } from './step-context.js';

/**
 * A shipment after its first write: recovered after an interruption, corrected (tracking), or
 * cancelled. None of them creates a fulfilment.
 */
export function createShipmentChanges(deps: ShipmentWriteDeps) {
  return {
    /**
     * A shipment left in `intent`: the run that recorded it stopped before recording Shopify's
     * answer. The fulfilment is looked for before anything is written; found, it is recorded.
     */
    async recover(
      ctx: StepContext,
      known: ShipmentRecord,
      reads: FulfilmentReads,
      options: ShipmentWriteOptions,
    ): Promise<ShipmentRecord | null> {
      if (known.orderId === null || known.intentAt === null) return null;
      const state = await reads.get(known.orderId);
      if (!state) return null;
      const found = findOwnFulfilment(
        state.fulfilments,
        { lines: known.lines, tracking: known.tracking, intentAt: known.intentAt },
        await deps.records.fulfilmentsOf(known.orderId),
      );
      if (!found) return null;
      ctx.logger.info(
        { shipment: known.shipmentId, fulfillment: found.id },
        'fulfilment created before an interruption found in Shopify; recorded instead of creating another',
      );
      const adopted: ShipmentRecord = { ...known, state: 'fulfilled', fulfillmentId: found.id };
      if (!options.dryRun) {
        await markStockMoved(deps, adopted);
        await deps.records.save(adopted);
      }
      return adopted;
    },

    async correct(
      ctx: StepContext,
      shipment: Shipment,
      known: ShipmentRecord,
      options: ShipmentWriteOptions,
      hold: Hold,
    ): Promise<Outcome> {
      if (!sameLines(shipment.lines, known.lines))
        return hold({
          field: 'lines',
          reason: `the lines of a shipment already fulfilled (${known.fulfillmentId}) changed; API X must cancel it and send a new one`,
        });
      const tracking = trackingFor(shipment, deps.knownCompany);
      if (!tracking.ok) return hold(tracking);
      const reused = await deps.records.numbersInUse(shipment.trackingNumbers, shipment.id);
      if (reused.length > 0) return hold(reusedNumbers(reused));
      if (sameTracking(tracking.value, known.tracking)) {
        if (!options.dryRun)
          await deps.records.save({ ...known, apixUpdatedAt: shipment.updatedAt, detail: null });
        return 'unchanged';
      }
      if (options.dryRun) return 'updated';
      const result = await deps.shopify.updateTracking(
        known.fulfillmentId!,
        tracking.value ?? { company: null, numbers: [], urls: [] },
        options.notifyCustomer,
        ctx.signal,
      );
      if (!result.ok)
        return hold({
          field: 'trackingNumbers',
          reason: `Shopify refused the tracking update of ${known.fulfillmentId}: ${result.errors.join('; ')}`,
        });
      await deps.records.save({
        ...known,
        tracking: tracking.value,
        apixUpdatedAt: shipment.updatedAt,
        detail: null,
      });
      return 'updated';
    },

    async cancel(
      ctx: StepContext,
      shipment: Shipment,
      known: ShipmentRecord | null,
      options: ShipmentWriteOptions,
      hold: Hold,
    ): Promise<Outcome> {
      const fulfilled = known?.state === 'fulfilled' ? known : null;
      const fulfillmentId = fulfilled?.fulfillmentId ?? null;
      if (known?.state === 'cancelled') return 'unchanged';
      if (options.dryRun) return 'cancelled';
      if (fulfilled && fulfillmentId !== null) {
        const result = await deps.shopify.cancel(fulfillmentId, ctx.signal);
        if (!result.ok)
          return hold({
            field: 'status',
            reason: `Shopify refused to cancel ${fulfillmentId}: ${result.errors.join('; ')}`,
          });
        // The cancelled fulfilment's units are back on hand there (fulfillmentCancel).
        await markStockMoved(deps, fulfilled);
      }
      await deps.records.save({
        ...recordOf(shipment, known),
        state: 'cancelled',
        fulfillmentId,
        detail: null,
      });
      return 'cancelled';
    },
  };
}
