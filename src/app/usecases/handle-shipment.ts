import type { Shipment, ShipmentRecord } from '../../domain/model/shipment.js';
import type { FulfilmentReads } from './fulfilment-reads.js';
import { allocate, checkLines, trackingFor } from './plan-fulfilment.js';
import type { PreferredLocation } from './shipment-location.js';
import { createShipmentChanges } from './shipment-changes.js';
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
 * How long a shipment held for a Shopify state that passes (a hold, a schedule) is retried every
 * run before it is given up (then, like bad input, it waits for a new version from API X). A
 * fortnight covers a hold for a payment or a fraud review; the alert on held shipments
 * (IntegrationServiceShipmentsHeld) names it long before.
 */
export const WAIT_LIMIT_DAYS = 14;

/** How a shipment held for a cause that passes is retried, said after the cause. */
const RETRIED = 'retried every run';

/** Whether this record settles this version already (updatedSince is inclusive). */
function settled(shipment: Shipment, known: ShipmentRecord | null): boolean {
  return (
    known !== null &&
    known.state !== 'intent' &&
    known.apixUpdatedAt === shipment.updatedAt &&
    // A waiting one is handled again every run until its cause passes.
    known.waiting === null
  );
}

/** Whether a shipment at this record may need its order's state in Shopify (read ahead for it). */
export function needsOrderRead(shipment: Shipment, known: ShipmentRecord | null): boolean {
  if (shipment.cancelled) return false;
  if (known === null || known.state === 'intent') return true;
  if (known.waiting !== null) return true;
  if (settled(shipment, known)) return false;
  return known.state === 'held' || (known.state === 'fulfilled' && known.fulfillmentId === null);
}

/**
 * One shipment: created once (intent recorded before fulfillmentCreate, so a crash between
 * Shopify's answer and our record is found in Shopify, not written twice), its tracking updated
 * when API X corrects it, cancelled when API X cancels it. Bad input is held back and named.
 */
export function createHandleShipment(deps: ShipmentWriteDeps) {
  const now = deps.now ?? (() => new Date());
  const changes = createShipmentChanges(deps);

  return async function handle(...args: Parameters<typeof decide>): Promise<Outcome> {
    const [, shipment, stored, reads] = args;
    const outcome = await decide(...args);
    // Shopify's state of an order written to is read again before it is used again.
    if (outcome === 'created' || outcome === 'updated' || outcome === 'cancelled')
      for (const id of [stored?.orderId, shipment.orderId]) if (id) reads.forget(id);
    return outcome;
  };

  async function decide(
    ctx: StepContext,
    shipment: Shipment,
    stored: ShipmentRecord | null,
    reads: FulfilmentReads,
    options: ShipmentWriteOptions,
    preferredLocation: PreferredLocation,
  ): Promise<Outcome> {
    let known = stored;
    // The same version again (updatedSince is inclusive): nothing to do.
    if (settled(shipment, known)) return 'unchanged';

    const hold: Hold = async (given, base = {}, leftAlone = false) => {
      const at = now();
      // The give-up clock runs for the version that waits: it is carried only while the known row
      // waits on this very version. A row held before for anything else (bad input, an earlier
      // version, an earlier give-up, a row the migration stamped) starts it now, else a corrected
      // version arriving during a hold would be given up on its first try and never applied.
      const heldSince =
        known?.state === 'held' &&
        known.waiting !== null &&
        known.apixUpdatedAt === shipment.updatedAt &&
        known.heldSince
          ? known.heldSince
          : null;
      const waitedDays =
        heldSince === null ? 0 : (at.getTime() - Date.parse(heldSince)) / 86_400_000;
      const givenUp = given.passes === true && waitedDays >= WAIT_LIMIT_DAYS;
      const refusal =
        given.passes !== true
          ? given
          : {
              ...given,
              reason: givenUp
                ? `${given.reason}; ${RETRIED} for ${WAIT_LIMIT_DAYS} days and given up: a new version from API X is tried again`
                : `${given.reason}; ${RETRIED}`,
            };
      // Left alone (someone fulfilled the order by hand) is a record error too: the shipment is
      // not in Shopify and only the operator can tell which fulfilment is right, so it must reach
      // them (`errors`, the record-error metric), not a log line. It is counted once, as failed
      // by recordError; its row says left-alone so later runs do not report it again.
      await ctx.recordError({
        entity: 'shipment',
        externalId: shipment.id,
        field: refusal.field,
        reason: refusal.reason,
        payload: shipment,
      });
      // A fulfilled shipment stays fulfilled: only the newer version is refused.
      const state = leftAlone ? 'left-alone' : known?.state === 'fulfilled' ? 'fulfilled' : 'held';
      if (!options.dryRun)
        await deps.records.save({
          ...recordOf(shipment, known),
          ...base,
          state,
          detail: refusal.reason,
          heldSince: state === 'held' ? (heldSince ?? at.toISOString()) : null,
          waiting: state === 'held' && given.passes === true && !givenUp ? shipment : null,
        });
      return leftAlone ? 'skipped' : 'failed';
    };

    if (known?.state === 'intent') {
      const adopted = await changes.recover(ctx, known, reads, options);
      if (adopted) {
        known = adopted;
        if (!shipment.cancelled) {
          if (adopted.apixUpdatedAt === shipment.updatedAt) return 'created';
          return changes.correct(ctx, shipment, adopted, options, hold);
        }
      }
    }
    if (shipment.cancelled) return changes.cancel(ctx, shipment, known, options, hold);
    if (known?.state === 'fulfilled' && known.fulfillmentId !== null)
      return changes.correct(ctx, shipment, known, options, hold);
    if (known?.state === 'left-alone' || known?.state === 'cancelled') {
      // Already reported / already over: a later change of a cancelled shipment is not a new one.
      if (!options.dryRun) await deps.records.save({ ...known, apixUpdatedAt: shipment.updatedAt });
      return 'unchanged';
    }

    const order = await deps.orders.find(shipment.orderId, shipment.orderReference);
    if (!order)
      return hold({
        field: shipment.orderId !== null ? 'orderExternalId' : 'orderReference',
        // Retention purges finished orders whole (RETENTION_DAYS): a late shipment of one lands here.
        reason: `order ${shipment.orderId ?? shipment.orderReference} is not known here: never pushed to API X from this shop, or purged after RETENTION_DAYS (finished and untouched)`,
      });
    const base = { orderId: order.orderId };
    const badLines = checkLines(shipment, order);
    if (badLines) return hold(badLines, base);
    const tracking = trackingFor(shipment, deps.knownCompany);
    if (!tracking.ok) return hold(tracking, base);
    const reused = await deps.records.numbersInUse(shipment.trackingNumbers, shipment.id);
    if (reused.length > 0) return hold(reusedNumbers(reused), base);

    const state = await reads.get(order.orderId);
    if (!state)
      return hold(
        { field: 'orderExternalId', reason: `Shopify has no order ${order.orderId}` },
        base,
      );
    const plan = allocate(
      shipment.lines,
      state.fulfillmentOrders,
      shipment.locationId,
      await preferredLocation(shipment, ctx.signal),
    );
    // Units on hold wait for the hold, even in an order partly fulfilled by hand.
    if (!plan.ok && plan.passes !== true) {
      const ours = await deps.records.fulfilmentsOf(order.orderId);
      const foreign = state.fulfilments.filter((f) => f.status === 'SUCCESS' && !ours.has(f.id));
      if (foreign.length > 0)
        return hold(
          {
            field: 'lines',
            reason: `order ${order.name} was already fulfilled in Shopify outside this service (${foreign.map((f) => f.id).join(', ')}); the shipment is left alone: ${plan.reason}`,
          },
          base,
          true,
        );
    }
    if (!plan.ok) return hold(plan, base);
    if (options.dryRun) return 'created';

    const intent: ShipmentRecord = {
      ...recordOf(shipment, known),
      ...base,
      state: 'intent',
      locationId: plan.value.locationId,
      lines: shipment.lines,
      tracking: tracking.value,
      intentAt: now().toISOString(),
      detail: null,
    };
    await deps.records.save(intent);
    // Whatever Shopify answers (or not), the order's state read before is stale now.
    reads.forget(order.orderId);
    const created = await deps.shopify.create(
      {
        groups: plan.value.groups,
        tracking: tracking.value,
        notifyCustomer: options.notifyCustomer,
      },
      ctx.signal,
    );
    if (!created.ok) {
      known = intent;
      return hold({
        field: null,
        reason: `Shopify refused the fulfilment: ${created.errors.join('; ')}`,
      });
    }
    await markStockMoved(deps, intent, order);
    await deps.records.save({ ...intent, state: 'fulfilled', fulfillmentId: created.value });
    return 'created';
  }
}
