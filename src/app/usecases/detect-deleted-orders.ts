import type { OrderDestroyed, OrderSource } from '../../domain/ports/order-source.js';
import type { DeletedOrder, OrderDeletions } from '../../domain/ports/order-deletions.js';
import { DELETION_EVENTS_OVERLAP_MS } from './detect-hand-deletions.js';
import { orderWindowStart } from './order-window.js';
import type { StepContext } from './step-context.js';

/** The sync_cursors stream holding when Shopify's order `destroy` events were last read. */
export const ORDER_DELETIONS_STREAM = 'order-deletions';

export interface DetectDeletedOrdersDeps {
  readonly source: Pick<OrderSource, 'deletedOrdersSince'>;
  readonly store: OrderDeletions;
  readonly now?: () => Date;
}

/**
 * What the operator reads for an order API X holds but Shopify no longer has. API X's contract
 * (docs/api-x.openapi.yaml) has no way to receive a deletion (POST and PUT of whole orders only),
 * so the service cannot tell it; a person decides what the order becomes there.
 */
export function deletedOrderReason(order: DeletedOrder): string {
  const undelivered =
    order.previousState === 'pending' || order.previousState === 'failed'
      ? '; a later change of it never reached API X'
      : '';
  return `order ${order.name} was deleted in Shopify after API X received it (reference ${order.apixReference ?? '?'}, version ${order.pushedVersion ?? '?'})${undelivered}. API X has no way to receive a deletion: cancel or remove order ${order.apixReference ?? order.name} in API X by hand. The service will not send it again`;
}

/**
 * Orders deleted in Shopify: read from Shopify's `destroy` events since the last check,
 * tombstoned (never stored afterwards), and, when stored, marked `deleted` (never pushed again),
 * counted, and, when API X already holds a version, recorded as a per-record error naming what
 * to do. Never silently: a deleted order otherwise just stops appearing in reads and API X keeps
 * it as if nothing happened.
 */
export function createDetectDeletedOrders(deps: DetectDeletedOrdersDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async run(
      ctx: StepContext,
      options: { readonly dryRun: boolean; readonly backfillDays: number },
    ) {
      const startedAt = now();
      const cursor = await deps.store.cursor(ORDER_DELETIONS_STREAM);
      // From the last check less an overlap (our clock and Shopify's differ; marking twice is a
      // no-op), or on a first run from as far back as the orders were read.
      const since = orderWindowStart(cursor, startedAt, {
        overlapSeconds: DELETION_EVENTS_OVERLAP_MS / 1000,
        backfillDays: options.backfillDays,
      });
      // Each order once, with its first event's time.
      const destroyed = new Map<string, OrderDestroyed>();
      for await (const event of deps.source.deletedOrdersSince(since, ctx.signal))
        if (!destroyed.has(event.id)) destroyed.set(event.id, event);
      if (options.dryRun) {
        ctx.logger.info(
          { events: destroyed.size, since },
          'dry run: order deletions read, none marked',
        );
        return { deleted: 0, apixHolds: 0 };
      }
      // Every order found is tombstoned, stored or not: a later read that still serves one (an
      // export captured before the deletion, read after the cursor moved past its event) leaves
      // it out (order-deletions.ts).
      const marked = await deps.store.markDeleted(
        [...destroyed.values()],
        ORDER_DELETIONS_STREAM,
        startedAt.toISOString(),
      );
      let apixHolds = 0;
      for (const order of marked) {
        if (order.apixReference !== null) {
          apixHolds++;
          await ctx.recordError({
            entity: 'order',
            externalId: order.shopifyId,
            field: null,
            reason: deletedOrderReason(order),
            payload: {
              name: order.name,
              apixReference: order.apixReference,
              pushedVersion: order.pushedVersion,
            },
          });
        } else if (order.inflightVersion !== null) {
          // A push was sent and its answer never recorded: API X may hold the order unknown to us.
          apixHolds++;
          await ctx.recordError({
            entity: 'order',
            externalId: order.shopifyId,
            field: null,
            reason: `order ${order.name} was deleted in Shopify while a push of it (version ${order.inflightVersion}) was in flight, its answer never recorded: API X may hold it. Check API X for order ${order.name} and cancel or remove it there by hand if it is there. The service will not send it again`,
            payload: { name: order.name, inflightVersion: order.inflightVersion },
          });
        } else if (order.previousState !== 'skipped') {
          ctx.logger.warn(
            { order: order.name, shopifyId: order.shopifyId, was: order.previousState },
            `order ${order.name} was deleted in Shopify before it reached API X: it will not be sent`,
          );
        }
      }
      if (marked.length > 0) ctx.counter.add('order', 'deleted', marked.length);
      return { deleted: marked.length, apixHolds };
    },
  };
}
