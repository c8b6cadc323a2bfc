import type { ShipmentRecord } from '../../domain/model/shipment.js';
import type { ShipmentSource, ShipmentPage } from '../../domain/ports/shipment-source.js';
import type { ShipmentCursor } from '../../domain/ports/shipment-store.js';
import { createFulfilmentReads } from './fulfilment-reads.js';
import { createHandleShipment, needsOrderRead } from './handle-shipment.js';
import {
  createShipmentLocationPreference,
  type PreferredLocation,
  type ShipmentLocationDeps,
} from './shipment-location.js';
import type { Outcome, ShipmentWriteDeps, ShipmentWriteOptions } from './shipment-outcome.js';
import { checkpoint, type StepContext } from './step-context.js';

export interface SyncShipmentsDeps extends ShipmentWriteDeps {
  readonly source: ShipmentSource;
  readonly cursor: ShipmentCursor;
  /** Where a shipment without API X's shopifyLocationId is fulfilled first (shipment-location.ts). */
  readonly locations?: ShipmentLocationDeps;
}

/** No warehouse mapped: a shipment's location is API X's shopifyLocationId, else allocate's choice. */
const NO_MAPPING: ShipmentLocationDeps = {
  entries: [],
  shop: { locations: () => Promise.resolve([]) },
};

export interface SyncShipmentsOptions extends ShipmentWriteOptions {
  /** ORDERS_BACKFILL_DAYS: the first read starts where the order fetch's first read does. */
  readonly backfillDays: number;
}

/**
 * Where the read of API X's shipments starts: the stored cursor as it was stored (API X's own
 * instant, compared by API X), or on a first run the EARLIER of the orders horizon and the
 * Shopify creation of the oldest order API X has from us. Shipments are opt-in
 * (SHIPMENTS_ENABLED): switched on after months of sync-orders, the horizon alone would skip,
 * silently and for good, every shipment of an order we pushed that API X last touched before it.
 * A shipment of one of our orders cannot predate the order's creation, so nothing of ours is
 * older. The oldest stored order, not the oldest unfulfilled one: whether an order is fully
 * fulfilled is Shopify's to say (we do not keep it), a fulfilled order's shipment may still change
 * tracking or be cancelled, and retention (RETENTION_DAYS) bounds how far back stored orders go.
 * Older shipments belong to orders this install never pushed, so a new install still does not
 * replay years of them as held.
 */
export function shipmentWindowStart(
  cursor: string | null,
  now: Date,
  backfillDays: number,
  oldestOrderCreatedAt: Date | null = null,
): string {
  if (cursor !== null) return cursor;
  const horizon = now.getTime() - backfillDays * 86_400_000;
  const oldest = oldestOrderCreatedAt?.getTime() ?? horizon;
  return new Date(Math.min(horizon, oldest)).toISOString();
}

export interface ShipmentTotals {
  read: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  held: number;
  leftAlone: number;
  /** Held shipments handled again because their cause may have passed (not read from API X). */
  retried: number;
}

/**
 * The last step of sync-orders: API X's shipments become Shopify fulfilments. Read
 * incrementally (updatedSince kept in Postgres, moved after each fully handled page); each
 * shipment is handled on its own (handle-shipment.ts). Per page, the records of its shipments
 * are looked up first, so only the orders that may be written are read from Shopify, several in
 * one query (fulfilment-reads.ts); a shipment the store already settles (same version, already
 * fulfilled, cancelled, left alone) costs no read.
 */
export function createSyncShipments(deps: SyncShipmentsDeps) {
  const now = deps.now ?? (() => new Date());
  const handle = createHandleShipment(deps);

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
        retried: 0,
      };
      const count = (outcome: Outcome) => {
        // A held or left-alone shipment is counted as `failed` by ctx.recordError, with its
        // record error.
        if (outcome !== 'failed' && outcome !== 'skipped') ctx.counter.add('shipment', outcome);
        if (outcome === 'failed') totals.held++;
        else if (outcome === 'skipped') totals.leftAlone++;
        else totals[outcome]++;
      };
      const cursor = await deps.cursor.since();
      const since = shipmentWindowStart(
        cursor,
        now(),
        options.backfillDays,
        cursor === null ? await deps.orders.oldestCreatedAt() : null,
      );
      ctx.logger.info({ since }, `reading API X shipments changed since ${since}`);
      // One per run: the shop's locations are read at most once, and anew each run.
      const preferred = createShipmentLocationPreference(deps.locations ?? NO_MAPPING, ctx.logger);
      const handled = new Set<string>();
      for await (const page of deps.source.pages(since, ctx.signal)) {
        const { stored, reads } = await prepare(page, ctx.signal);
        for (const parsed of page.records) {
          checkpoint(ctx.signal);
          totals.read++;
          ctx.counter.add('shipment', 'fetched');
          if (!parsed.ok) {
            count('failed');
            await ctx.recordError(parsed.error);
            continue;
          }
          const shipment = parsed.value;
          // Looked up again if the page names the shipment twice (the first handling changed it).
          const known = stored.has(shipment.id)
            ? stored.get(shipment.id)!
            : await deps.records.get(shipment.id);
          stored.delete(shipment.id);
          handled.add(shipment.id);
          count(await handle(ctx, shipment, known, reads, options, preferred));
        }
        if (!options.dryRun && page.lastUpdatedAt !== null)
          await deps.cursor.advance(page.lastUpdatedAt);
      }
      await retryWaiting(ctx, options, handled, preferred, (outcome) => {
        totals.retried++;
        count(outcome);
      });
      return totals;
    },
  };

  /**
   * Shipments held for a Shopify state that passes on its own (an order on hold): API X sends
   * them no more (the cursor is past them), so each run handles the held version again until it
   * is applied or given up (handle-shipment.ts, WAIT_LIMIT_DAYS). Those the run read from API X
   * were handled already.
   */
  async function retryWaiting(
    ctx: StepContext,
    options: SyncShipmentsOptions,
    handled: ReadonlySet<string>,
    preferred: PreferredLocation,
    count: (outcome: Outcome) => void,
  ) {
    const waiting = (await deps.records.waiting()).filter((r) => !handled.has(r.shipmentId));
    if (waiting.length === 0) return;
    ctx.logger.info({ shipments: waiting.length }, 'retrying shipments held by Shopify');
    const reads = createFulfilmentReads(
      deps.shopify,
      waiting.flatMap((r) => (r.orderId === null ? [] : [r.orderId])),
      ctx.signal,
    );
    for (const record of waiting) {
      checkpoint(ctx.signal);
      count(await handle(ctx, record.waiting, record, reads, options, preferred));
    }
  }

  /** The page's records, and a read-ahead over the orders its shipments may write to. */
  async function prepare(page: ShipmentPage, signal: AbortSignal) {
    const stored = new Map<string, ShipmentRecord | null>();
    const upcoming: string[] = [];
    for (const parsed of page.records) {
      if (!parsed.ok || stored.has(parsed.value.id)) continue;
      const shipment = parsed.value;
      const known = await deps.records.get(shipment.id);
      stored.set(shipment.id, known);
      const orderId = known?.orderId ?? shipment.orderId;
      if (orderId !== null && needsOrderRead(shipment, known)) upcoming.push(orderId);
    }
    return { stored, reads: createFulfilmentReads(deps.shopify, upcoming, signal) };
  }
}
