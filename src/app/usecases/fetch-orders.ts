import { ConfigError } from '../../domain/errors.js';
import type { AccessMemo } from '../../domain/ports/access-memo.js';
import type { Order } from '../../domain/model/order.js';
import type { OrderSource, RepairedText } from '../../domain/ports/order-source.js';
import { describeUnstorable } from '../../domain/storable-text.js';
import type { OrderIntake, StoredOrderInput } from '../../domain/ports/order-intake.js';
import type { OrdersPastHorizon } from '../../domain/ports/orders-past-horizon.js';
import type { OrderArrivalsFeed } from './order-arrivals.js';
import { contentHash } from './content-hash.js';
import {
  orderWindowStart,
  settledBy,
  SHOPIFY_DEFAULT_ORDER_DAYS,
  windowUnchanged,
} from './order-window.js';
import { createProgress } from './progress.js';
import type { StepContext } from './step-context.js';

export const ORDERS_STREAM = 'orders';

/**
 * An order whose text PostgreSQL could not store goes on with U+FFFD in its place
 * (parse-shopify-order.ts says why it is not held back); each field is named, with the
 * position in Shopify's text, so the text can be fixed there. The order is read again once it
 * is, and sent whole as an update.
 */
function warnRepaired(ctx: StepContext, order: Order, repaired: readonly RepairedText[]): void {
  const fields = repaired.map((r) => `${r.field} (${describeUnstorable(r)})`).join(', ');
  ctx.logger.warn(
    { order: order.shopifyId, name: order.name, repaired },
    `order ${order.shopifyId} (${order.name}): broken text stored and sent with U+FFFD in its place, in ${fields}; fix the text in Shopify to have the order sent again whole`,
  );
}

/** Orders hashed between two turns of the event loop (setImmediate: pending I/O runs first). */
const HASHES_PER_TURN = 25;
const eventLoopTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** When the last read of a whole window began (a cursor of its own, moved forward only). */
export const ORDERS_FULL_READ_STREAM = 'orders:full-read';

export interface FetchOrdersDeps {
  readonly source: Pick<OrderSource, 'ordersUpdatedSince' | 'readsAllOrders'>;
  readonly store: OrderIntake & OrdersPastHorizon;
  /** The last scope answer, kept between runs (absent: asked whenever it matters). */
  readonly access?: AccessMemo;
  readonly now?: () => Date;
}

/**
 * How long a stored "read_all_orders is granted" spares a run the past-horizon count: a scope
 * taken away is noticed within this time (an hour is 12 runs at the default schedule).
 */
export const ACCESS_CHECK_MAX_AGE_MS = 60 * 60_000;

export interface FetchOrdersOptions {
  readonly dryRun: boolean;
  readonly overlapSeconds: number;
  readonly backfillDays: number;
  readonly skipTest: boolean;
}

/**
 * Pulls orders updated since the cursor (minus the overlap) and stores each page with the cursor
 * in one transaction. Orders sharing an updatedAt across a page boundary are safe: the pages of
 * one read come from one Shopify cursor, and the next read starts before the stored cursor.
 */
export function createFetchOrders(deps: FetchOrdersDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    /** `arrivals` hears of each page once it is stored (its orders can then be claimed). */
    async run(
      ctx: StepContext,
      options: FetchOrdersOptions,
      arrivals?: Pick<OrderArrivalsFeed, 'pageStored'>,
    ) {
      const cursor = await deps.store.cursor(ORDERS_STREAM);
      // Asked of Shopify only when it matters (a long backfill, or old open orders stored).
      let allOrders: boolean | null = null;
      const readsAllOrders = async (): Promise<boolean> => {
        if (allOrders === null) {
          allOrders = await deps.source.readsAllOrders(ctx.signal);
          if (!options.dryRun) await deps.access?.recordAccessCheck(allOrders);
        }
        return allOrders;
      };
      if (
        cursor === null &&
        options.backfillDays > SHOPIFY_DEFAULT_ORDER_DAYS &&
        !(await readsAllOrders())
      ) {
        throw new ConfigError([
          `ORDERS_BACKFILL_DAYS=${options.backfillDays} reaches past the ${SHOPIFY_DEFAULT_ORDER_DAYS} days of orders Shopify serves to an app without the read_all_orders scope: grant read_all_orders, or set ORDERS_BACKFILL_DAYS to ${SHOPIFY_DEFAULT_ORDER_DAYS} or less`,
        ]);
      }
      const since = orderWindowStart(cursor, now(), options);
      ctx.logger.info({ since, cursor }, `fetching orders updated since ${since}`);
      const totals = { fetched: 0, inserted: 0, changed: 0, unchanged: 0, malformed: 0 };
      const withheld = new Set<string>();
      const progress = createProgress(ctx, 'fetching orders', null);
      // Orders stored at their current updatedAt are not fetched again: a run with nothing new
      // reads the window's ids and timestamps only. Not those whose stamp's second had not passed
      // when the last read began: they may have changed since under the same stamp (settledBy).
      const lastRead = await deps.store.cursor(ORDERS_FULL_READ_STREAM);
      const known = (stamps: Parameters<OrderIntake['storedSince']>[0]) =>
        deps.store.storedSince(stamps.filter((s) => settledBy(s.updatedAt, lastRead)));
      // Before the ids: Shopify's summary of the window against the stored one (see
      // windowUnchanged). Only a read of the whole window moves the full-read time, to when that
      // read began: an adopted export's creation if earlier (page.readFrom), as settledBy trusts
      // only orders stamped a second before it.
      let readStart = now().toISOString();
      let summarised = false;
      const unchanged = async (shopify: { count: number; newestUpdatedAt: string | null }) => {
        const stored = await deps.store.storedWindow(since);
        summarised = windowUnchanged(shopify, stored, lastRead, options.overlapSeconds);
        return summarised;
      };
      const pages = deps.source.ordersUpdatedSince(since, ctx.signal, known, unchanged);
      // An adopted export read its orders from when it was created (page.readFrom), maybe before
      // the read that stored an order's current version (the last full read, or a run that died
      // after storing). Its copy at a later stamp is newer; at the stored stamp it is the second's
      // last version only if the export began once that second had passed (settledBy). Else it
      // may be older: stored, it would replace the newer version (same stamp, other hash) and go
      // to API X, and a resend of the newer one could be answered as a replay (keys follow the
      // content). So the stored copy stays: either a read a second after the stamp stored it
      // (it is the last), or the full-read time does not vouch for it (this read moves it to the
      // export's creation at most) and the next run reads the order again. For that, its window
      // must reach the order: the export ran on for minutes, and its later pages' stamps would
      // take the cursor past the order by more than the overlap. So this run's cursor stops at
      // the earliest stamp left out (`keptOutFrom`); Shopify's stamp of the order is that or later.
      let keptOutFrom: number | null = null;
      const notOlderThanStored = async (
        orders: StoredOrderInput[],
        readFrom: string,
      ): Promise<StoredOrderInput[]> => {
        const unsettled = orders.filter((o) => !settledBy(o.order.updatedAt, readFrom));
        if (unsettled.length === 0) return orders;
        const held = await deps.store.storedSince(
          unsettled.map(({ order }) => ({ id: order.shopifyId, updatedAt: order.updatedAt })),
        );
        for (const { order } of unsettled) {
          const at = Date.parse(order.updatedAt);
          if (held.has(order.shopifyId) && (keptOutFrom === null || at < keptOutFrom))
            keptOutFrom = at;
        }
        return orders.filter((o) => !held.has(o.order.shopifyId));
      };
      const cursorAfter = (page: { maxUpdatedAt: string | null }): string | null =>
        page.maxUpdatedAt === null || keptOutFrom === null
          ? page.maxUpdatedAt
          : new Date(Math.min(Date.parse(page.maxUpdatedAt), keptOutFrom)).toISOString();
      // A page is stored while the next one is read and parsed (Postgres' work and ours
      // overlap), yet pages are stored one at a time and in order, each with its cursor: the
      // cursor never passes an order not stored (nor one left out above).
      let storing: Promise<{ error: unknown } | null> | null = null;
      const stored = async (): Promise<void> => {
        const outcome = await storing;
        storing = null;
        if (outcome !== null) throw outcome.error;
      };
      try {
        for await (const page of pages) {
          ctx.signal.throwIfAborted();
          for (const field of page.withheld ?? []) withheld.add(field);
          if (page.readFrom !== undefined && Date.parse(page.readFrom) < Date.parse(readStart))
            readStart = page.readFrom;
          const valid: StoredOrderInput[] = [];
          for (const [index, parsed] of page.orders.entries()) {
            // Hashing a page of 250 is 10-20 ms on a busy machine: taken in slices, so the
            // push's answers (it runs beside this read) are not held behind all of it.
            if (index > 0 && index % HASHES_PER_TURN === 0) await eventLoopTurn();
            if (!parsed.ok) {
              totals.malformed++;
              await ctx.recordError(parsed.error);
              continue;
            }
            const { order, raw, repaired } = parsed.value;
            if (repaired !== undefined) warnRepaired(ctx, order, repaired);
            valid.push({
              order,
              raw,
              payloadHash: contentHash(order),
              push: !(options.skipTest && order.test),
            });
          }
          await stored();
          const kept =
            page.readFrom === undefined ? valid : await notOlderThanStored(valid, page.readFrom);
          const skipped = page.skipped ?? 0;
          const read = page.orders.length;
          storing = (
            options.dryRun
              ? deps.store.previewPage(kept)
              : deps.store.storePage(kept, ORDERS_STREAM, cursorAfter(page))
          ).then(
            (result) => {
              totals.fetched += read + skipped;
              totals.inserted += result.inserted;
              totals.changed += result.changed;
              totals.unchanged += result.unchanged + skipped + valid.length - kept.length;
              progress.add(read + skipped);
              if (!options.dryRun && result.inserted + result.changed > 0) arrivals?.pageStored();
              return null;
            },
            (error: unknown) => ({ error }),
          );
        }
        await stored();
      } finally {
        // A store still running when reading stops (an abort, a failed read) ends first, so
        // the run does not finish (and release its connections) under it.
        await storing;
      }
      progress.done();
      if (!summarised && !options.dryRun)
        await deps.store.storePage([], ORDERS_FULL_READ_STREAM, readStart);
      const horizon = new Date(now().getTime() - SHOPIFY_DEFAULT_ORDER_DAYS * 86_400_000);
      const memo = (await deps.access?.lastAccessCheck()) ?? null;
      const fresh =
        memo !== null && now().getTime() - memo.checkedAt.getTime() < ACCESS_CHECK_MAX_AGE_MS;
      // Granted (asked this run, or recently): nothing is out of reach and nothing is counted.
      const scope = allOrders ?? (fresh ? memo.readsAllOrders : null);
      let unreadable = 0;
      const pastHorizon = scope === true ? 0 : await deps.store.openOrdersCreatedBefore(horizon);
      // Shopify is asked when it matters (orders past the horizon: granted since?) or when the
      // stored answer is missing or stale, so status shows a current one.
      if (scope === null && pastHorizon === 0) await readsAllOrders();
      if (pastHorizon > 0 && !(await readsAllOrders())) {
        unreadable = pastHorizon;
        ctx.counter.add('order', 'unreadable', unreadable);
        ctx.logger.warn(
          { orders: unreadable, horizon: horizon.toISOString() },
          `${unreadable} open order(s) are older than Shopify's ${SHOPIFY_DEFAULT_ORDER_DAYS}-day window and the app lacks read_all_orders: their refunds, cancellations and returns no longer reach API X. Grant read_all_orders to follow them`,
        );
      }
      if (withheld.size > 0) {
        // Once per run, not per order: the cause is the app's approval, not any one order.
        ctx.logger.warn(
          { withheld: [...withheld].sort() },
          `Shopify withheld protected customer data (${[...withheld].sort().join(', ')}): the app lacks Shopify's protected customer data approval; orders went to API X with these fields empty. Request access in the Partner Dashboard (API access > Protected customer data), or set ORDERS_CUSTOMER_FIELDS=none (or contact) to stop asking`,
        );
      }
      ctx.counter.add('order', 'fetched', totals.fetched);
      ctx.counter.add('order', 'created', totals.inserted);
      ctx.counter.add('order', 'updated', totals.changed);
      ctx.counter.add('order', 'unchanged', totals.unchanged);
      return { ...totals, unreadable, withheldCustomerData: [...withheld].sort() };
    },
  };
}
