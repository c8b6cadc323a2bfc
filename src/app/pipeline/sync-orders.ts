import type { AccessMemo } from '../../domain/ports/access-memo.js';
import type { OrderSink } from '../../domain/ports/order-sink.js';
import type { OrderSource } from '../../domain/ports/order-source.js';
import type { OrderDeletions } from '../../domain/ports/order-deletions.js';
import type { OrderIntake } from '../../domain/ports/order-intake.js';
import type { OrderOutbox } from '../../domain/ports/order-outbox.js';
import type { OrdersPastHorizon } from '../../domain/ports/orders-past-horizon.js';
import type { Retention } from '../../domain/ports/retention.js';
import { createDetectDeletedOrders } from '../usecases/detect-deleted-orders.js';
import { createFetchOrders, type FetchOrdersOptions } from '../usecases/fetch-orders.js';
import { createOrderArrivals } from '../usecases/order-arrivals.js';
import { createPushOrders, type PushOrdersOptions } from '../usecases/push-orders.js';
import { createSerialQueue } from '../usecases/serial-queue.js';
import type { ShipmentTotals, SyncShipmentsOptions } from '../usecases/sync-shipments.js';
import type { StepContext } from '../usecases/step-context.js';

export interface SyncOrdersDeps {
  readonly shop: string;
  readonly source: OrderSource;
  /** The orders outbox as its three steps see it: fetched orders in, deletions, pushes out. */
  readonly store: OrderIntake & OrdersPastHorizon & OrderDeletions & OrderOutbox;
  readonly sink: OrderSink;
  /** The app's last known read_all_orders answer (status shows it; spares quiet runs a count). */
  readonly access?: AccessMemo;
  /** History older than `days` is purged a few small batches per run (RETENTION_DAYS). */
  readonly retention?: Retention & { readonly days: number };
  /** API X's shipments -> Shopify fulfilments, the last step (src/app/usecases/sync-shipments.ts). */
  readonly shipments?: {
    run(ctx: StepContext, options: SyncShipmentsOptions): Promise<ShipmentTotals>;
    readonly notifyCustomer: boolean;
  };
  readonly now?: () => Date;
}

export type SyncOrdersOptions = FetchOrdersOptions & PushOrdersOptions;

type RunOf<F extends (deps: never) => { run(...args: never[]): Promise<unknown> }> = Awaited<
  ReturnType<ReturnType<F>['run']>
>;

/** The plan of a run (printed by --dry-run, and summarised after a real run). */
export interface SyncOrdersPlan {
  readonly fetched: RunOf<typeof createFetchOrders>;
  readonly deleted: RunOf<typeof createDetectDeletedOrders>;
  readonly pushed: RunOf<typeof createPushOrders>;
  readonly purged?: Awaited<ReturnType<Retention['purge']>>;
  readonly shipments?: ShipmentTotals;
}

/**
 * The store as one run's read and deletion check see it: the check's marking and the read's page
 * stores take turns, so a page stored after the check marked leaves out the orders it found
 * deleted (their tombstones, written with the marks; storePage counts them as `deleted`). The
 * export may have captured an order before Shopify deleted it; when the check reads its destroy
 * event before the read stores it, marking finds nothing to mark and the check's cursor moves
 * past the event, so storing it would leave it pending and pushed. Left out, it is never stored,
 * in this run or in a later one that reads the same export, as when the check ran before the
 * read (Shopify serves no deleted order to a read started after the deletion). A page stored
 * before the marking is marked by it, and a store never revives a deleted order (order-store.ts,
 * storePage).
 */
function deletionAwareStore<S extends SyncOrdersDeps['store']>(
  store: S,
  onLeftOut: (count: number) => void,
): S {
  // 'continue': a failed page store is the fetch's error, a failed marking the check's; neither
  // stops the other's turn behind it.
  const turns = createSerialQueue({ afterFailure: 'continue' });
  return {
    ...store,
    storePage: (orders, stream, cursor) =>
      turns.run(async () => {
        const stored = await store.storePage(orders, stream, cursor);
        if (stored.deleted !== undefined) onLeftOut(stored.deleted);
        return stored;
      }),
    markDeleted: (destroyed, stream, cursor) =>
      turns.run(() => store.markDeleted(destroyed, stream, cursor)),
  };
}

/**
 * The five-minute job: Shopify -> Postgres (fetch and store, page by page) and Postgres -> API X
 * (push) side by side, each stored page's orders claimed and sent while the next pages are read;
 * the push starts once the orders deleted in Shopify are marked (read beside the fetch). Then a bounded purge of history past the
 * retention, then API X's shipments -> Shopify fulfilments. Orders push first: a failing
 * shipments step fails the run (recorded and alerted) only after the orders went out.
 */
export function createSyncOrdersPipeline(deps: SyncOrdersDeps) {
  const fetch = createFetchOrders(deps);
  const detectDeleted = createDetectDeletedOrders(deps);
  const push = createPushOrders(deps);
  const now = deps.now ?? (() => new Date());
  return async function run(ctx: StepContext, options: SyncOrdersOptions): Promise<SyncOrdersPlan> {
    let fetched: SyncOrdersPlan['fetched'];
    let deleted: SyncOrdersPlan['deleted'];
    let pushed: SyncOrdersPlan['pushed'];
    if (options.dryRun) {
      deleted = await detectDeleted.run(ctx, options);
      fetched = await fetch.run(ctx, options);
      pushed = await push.run(ctx, options);
    } else {
      // The deletion check runs beside the read, the push after it: an order deleted in Shopify
      // while it waited is marked before any push, so it is never sent. The read does not wait
      // for the check (it waited about 0.2 s a run, ahead of an export that takes seconds): an
      // order the check finds already stored is marked whatever the read brings, since a store
      // never revives a deleted order (order-store.ts, storePage), and one it finds not yet
      // stored is left out of the read's pages (deletionAwareStore); one deleted after the check
      // read its events is stored and sent as before, and marked by the next run (the events
      // are read again with an overlap).
      // Stores and sends overlap: a push holds one claim and one outcome write at a time, the
      // fetch one page's transaction, the deletion check one transaction before the first push:
      // about three connections (a pool of 3 queues the rest).
      let leftOut = 0;
      const store = deletionAwareStore(deps.store, (n) => (leftOut += n));
      const thisRun = { ...deps, store };
      const read = createFetchOrders(thisRun);
      const check = createDetectDeletedOrders(thisRun);
      const arrivals = createOrderArrivals();
      // A failed deletion check fails the run: the read stops rather than export for nothing.
      const stopRead = new AbortController();
      const readCtx = { ...ctx, signal: AbortSignal.any([ctx.signal, stopRead.signal]) };
      const deleting = check.run(ctx, options).catch((error: unknown) => {
        stopRead.abort(error);
        throw error;
      });
      const fetching = read.run(readCtx, options, arrivals).then(
        (result) => {
          arrivals.end(false);
          return result;
        },
        (error: unknown) => {
          arrivals.end(true);
          throw error;
        },
      );
      const pushing = deleting.then(() => push.run(ctx, options, arrivals));
      const [d, f, p] = await Promise.allSettled([deleting, fetching, pushing]);
      // The deletion check's failure first (the read was stopped for it), then the fetch's: it
      // is the cause when the push stopped for it.
      if (d.status === 'rejected') throw d.reason;
      if (f.status === 'rejected') throw f.reason;
      if (p.status === 'rejected') throw p.reason;
      if (leftOut > 0)
        ctx.logger.info(
          { orders: leftOut },
          'orders the export read but Shopify had deleted since: not stored, not sent',
        );
      deleted = d.value;
      fetched = f.value;
      pushed = p.value;
    }
    let purged: Awaited<ReturnType<Retention['purge']>> | undefined;
    if (deps.retention && !options.dryRun) {
      const olderThan = new Date(now().getTime() - deps.retention.days * 86_400_000);
      purged = await deps.retention.purge(olderThan, ctx.signal);
      if (Object.values(purged).some((n) => n > 0))
        ctx.logger.info({ ...purged, olderThan }, 'history past RETENTION_DAYS purged');
    }
    const shipments = deps.shipments
      ? await deps.shipments.run(ctx, {
          dryRun: options.dryRun,
          notifyCustomer: deps.shipments.notifyCustomer,
          backfillDays: options.backfillDays,
        })
      : undefined;
    return {
      fetched,
      deleted,
      pushed,
      ...(purged ? { purged } : {}),
      ...(shipments ? { shipments } : {}),
    };
  };
}
