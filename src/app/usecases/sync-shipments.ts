import type { Shipment, ShipmentRecord } from '../../domain/model/shipment.js';
import type { ShipmentSource } from '../../domain/ports/shipment-source.js';
import type {
  PushedOrders,
  ShipmentCursor,
  ShipmentRecords,
} from '../../domain/ports/shipment-store.js';
import type { ShopifyFulfilments } from '../../domain/ports/shopify-fulfilments.js';
import {
  allocate,
  checkLines,
  findOwnFulfilment,
  sameLines,
  sameTracking,
  trackingFor,
  type Refusal,
} from './plan-fulfilment.js';
import { checkpoint, type StepContext } from './step-context.js';

export interface SyncShipmentsDeps {
  readonly source: ShipmentSource;
  readonly cursor: ShipmentCursor;
  readonly records: ShipmentRecords;
  readonly orders: PushedOrders;
  readonly shopify: ShopifyFulfilments;
  /** Shopify's spelling of a carrier it builds tracking links for, else null. */
  readonly knownCompany: (carrier: string) => string | null;
  readonly now?: () => Date;
}

export interface SyncShipmentsOptions {
  readonly dryRun: boolean;
  /** SHIPMENTS_NOTIFY_CUSTOMER: Shopify's shipping confirmation / update e-mail. */
  readonly notifyCustomer: boolean;
  /** ORDERS_BACKFILL_DAYS: the first read starts where the order fetch's first read does. */
  readonly backfillDays: number;
}

/**
 * Where the read of API X's shipments starts: the stored cursor as it was stored (API X's own
 * instant, compared by API X), or on a first run the orders horizon. Older shipments belong to
 * orders this install never pushed, so a new install would only replay years of them as held.
 */
export function shipmentWindowStart(
  cursor: string | null,
  now: Date,
  backfillDays: number,
): string {
  return cursor ?? new Date(now.getTime() - backfillDays * 86_400_000).toISOString();
}

type Hold = (
  refusal: Refusal,
  base?: Partial<ShipmentRecord>,
  leftAlone?: boolean,
) => Promise<Outcome>;

type Outcome = 'created' | 'updated' | 'cancelled' | 'unchanged' | 'failed' | 'skipped';

export interface ShipmentTotals {
  read: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  held: number;
  leftAlone: number;
}

/**
 * The last step of sync-orders: API X's shipments become Shopify fulfilments. Read
 * incrementally (updatedSince kept in Postgres, moved after each fully handled page); each
 * shipment is created once, its tracking updated when API X corrects it, cancelled when API X
 * cancels it. Exactly once in effect: the intent is recorded before fulfillmentCreate, and a
 * shipment found in `intent` (a crash between Shopify's answer and our record) is first looked
 * for among the order's fulfilments. Bad input is held back and named; the rest goes on.
 */
export function createSyncShipments(deps: SyncShipmentsDeps) {
  const now = deps.now ?? (() => new Date());
  const readOne = async (orderId: string, signal: AbortSignal) =>
    (await deps.shopify.orderFulfilments([orderId], signal)).get(orderId) ?? null;

  return {
    async run(ctx: StepContext, options: SyncShipmentsOptions): Promise<ShipmentTotals> {
      const totals: ShipmentTotals = {
        read: 0,
        created: 0,
        updated: 0,
        cancelled: 0,
        unchanged: 0,
        held: 0,
        leftAlone: 0,
      };
      const count = (outcome: Outcome) => {
        // A held shipment is counted as `failed` by ctx.recordError, with its record error.
        if (outcome !== 'failed') ctx.counter.add('shipment', outcome);
        if (outcome === 'failed') totals.held++;
        else if (outcome === 'skipped') totals.leftAlone++;
        else totals[outcome]++;
      };
      const since = shipmentWindowStart(await deps.cursor.since(), now(), options.backfillDays);
      ctx.logger.info({ since }, `reading API X shipments changed since ${since}`);
      for await (const page of deps.source.pages(since, ctx.signal)) {
        for (const parsed of page.records) {
          checkpoint(ctx.signal);
          totals.read++;
          ctx.counter.add('shipment', 'fetched');
          if (!parsed.ok) {
            count('failed');
            await ctx.recordError(parsed.error);
            continue;
          }
          count(await handle(ctx, parsed.value, options));
        }
        if (!options.dryRun && page.lastUpdatedAt !== null)
          await deps.cursor.advance(page.lastUpdatedAt);
      }
      return totals;
    },
  };

  async function handle(
    ctx: StepContext,
    shipment: Shipment,
    options: SyncShipmentsOptions,
  ): Promise<Outcome> {
    let known = await deps.records.get(shipment.id);
    // The same version again (updatedSince is inclusive): nothing to do.
    if (known && known.state !== 'intent' && known.apixUpdatedAt === shipment.updatedAt)
      return 'unchanged';

    const hold: Hold = async (refusal, base = {}, leftAlone = false) => {
      // Left alone is not a failure (nothing here is wrong: someone fulfilled the order by hand),
      // so, like an order deleted before delivery, it is a warning and its own count (`skipped`),
      // not a record error counted `failed` as well. The reason stays on the shipment's row
      // (`orders show`).
      if (leftAlone)
        ctx.logger.warn(
          { shipment: shipment.id, field: refusal.field },
          `shipment left alone: ${refusal.reason}`,
        );
      else
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
        });
      return leftAlone ? 'skipped' : 'failed';
    };

    if (known?.state === 'intent') {
      const adopted = await recover(ctx, known, options);
      if (adopted) {
        known = adopted;
        if (!shipment.cancelled) {
          if (adopted.apixUpdatedAt === shipment.updatedAt) return 'created';
          return correct(ctx, shipment, adopted, options, hold);
        }
      }
    }
    if (shipment.cancelled) return cancel(ctx, shipment, known, options, hold);
    if (known?.state === 'fulfilled' && known.fulfillmentId !== null)
      return correct(ctx, shipment, known, options, hold);
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
    if (reused.length > 0)
      return hold(
        {
          field: 'trackingNumbers',
          reason: `tracking number ${reused.join(', ')} already belongs to another shipment`,
        },
        base,
      );

    const state = await readOne(order.orderId, ctx.signal);
    if (!state)
      return hold(
        { field: 'orderExternalId', reason: `Shopify has no order ${order.orderId}` },
        base,
      );
    const plan = allocate(shipment.lines, state.fulfillmentOrders, shipment.locationId);
    if (!plan.ok) {
      const ours = await deps.records.fulfilmentsOf(order.orderId);
      const foreign = state.fulfilments.filter((f) => f.status === 'SUCCESS' && !ours.has(f.id));
      if (foreign.length > 0)
        return hold(
          {
            field: null,
            reason: `order ${order.name} was already fulfilled in Shopify outside this service (${foreign.map((f) => f.id).join(', ')}); the shipment is left alone: ${plan.reason}`,
          },
          base,
          true,
        );
      return hold(plan, base);
    }
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
    await deps.records.save({ ...intent, state: 'fulfilled', fulfillmentId: created.value });
    return 'created';
  }

  /**
   * A shipment left in `intent`: the run that recorded it stopped before recording Shopify's
   * answer. The fulfilment is looked for before anything is written; found, it is recorded.
   */
  async function recover(
    ctx: StepContext,
    known: ShipmentRecord,
    options: SyncShipmentsOptions,
  ): Promise<ShipmentRecord | null> {
    if (known.orderId === null || known.intentAt === null) return null;
    const state = await readOne(known.orderId, ctx.signal);
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
    if (!options.dryRun) await deps.records.save(adopted);
    return adopted;
  }

  async function correct(
    ctx: StepContext,
    shipment: Shipment,
    known: ShipmentRecord,
    options: SyncShipmentsOptions,
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
    if (reused.length > 0)
      return hold({
        field: 'trackingNumbers',
        reason: `tracking number ${reused.join(', ')} already belongs to another shipment`,
      });
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
  }

  async function cancel(
    ctx: StepContext,
    shipment: Shipment,
    known: ShipmentRecord | null,
    options: SyncShipmentsOptions,
    hold: Hold,
  ): Promise<Outcome> {
    const fulfillmentId = known?.state === 'fulfilled' ? known.fulfillmentId : null;
    if (known?.state === 'cancelled') return 'unchanged';
    if (options.dryRun) return 'cancelled';
    if (fulfillmentId !== null) {
      const result = await deps.shopify.cancel(fulfillmentId, ctx.signal);
      if (!result.ok)
        return hold({
          field: 'status',
          reason: `Shopify refused to cancel ${fulfillmentId}: ${result.errors.join('; ')}`,
        });
    }
    await deps.records.save({
      ...recordOf(shipment, known),
      state: 'cancelled',
      fulfillmentId,
      detail: null,
    });
    return 'cancelled';
  }
}

function recordOf(shipment: Shipment, known: ShipmentRecord | null): ShipmentRecord {
  return {
    shipmentId: shipment.id,
    orderId: known?.orderId ?? shipment.orderId,
    state: known?.state ?? 'held',
    fulfillmentId: known?.fulfillmentId ?? null,
    locationId: known?.locationId ?? shipment.locationId,
    lines: known?.lines ?? shipment.lines,
    tracking: known?.tracking ?? null,
    apixUpdatedAt: shipment.updatedAt,
    intentAt: known?.intentAt ?? null,
    detail: known?.detail ?? null,
  };
}
