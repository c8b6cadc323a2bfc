import { chunks } from '../../domain/chunks.js';
import type { StockLevel } from '../../domain/model/stock.js';
import {
  sentKey,
  type InventoryState,
  type SentLevel,
} from '../../domain/ports/inventory-state.js';
import { checkpoint, type StepContext } from './step-context.js';
import { stockError } from './stock-feed.js';

/** One level on its way to Shopify. */
export interface PendingLevel {
  readonly level: StockLevel;
  readonly variantId: string;
  readonly locationId: string;
  /** What Shopify last confirmed for it, if it was ever written. */
  readonly sent: SentLevel | undefined;
}

export interface StockChanges {
  readonly pending: readonly PendingLevel[];
  /** Levels of variants the catalogue job has not created in Shopify yet. */
  readonly waiting: readonly StockLevel[];
  /** Levels whose quantity Shopify already confirmed. */
  readonly unchanged: number;
}

/** Levels per round trip to Postgres. */
const LOOKUP_CHUNK = 5000;

/**
 * Which levels go to Shopify: those of variants the catalogue job created, whose quantity
 * differs from what Shopify last confirmed (all of them when reconciling). A variant the
 * catalogue job has not read yet waits for it (counted, no error each run); one its read,
 * started after this level changed, did not find is unknown (a record error).
 */
export async function selectStockChanges(
  ctx: StepContext,
  state: InventoryState,
  levels: readonly StockLevel[],
  options: {
    readonly locations: ReadonlyMap<string, string>;
    readonly reconcile: boolean;
    /**
     * Levels (sentKey) a fulfilment moved in Shopify since they were confirmed: selected even
     * when API X's quantity is the one confirmed (domain/ports/stock-rechecks.ts).
     */
    readonly rechecks?: ReadonlySet<string> | undefined;
  },
): Promise<StockChanges> {
  const pending: PendingLevel[] = [];
  const waiting: StockLevel[] = [];
  let unchanged = 0;
  const catalogueReadAt = await state.catalogueReadAt();
  for (const part of chunks(levels, LOOKUP_CHUNK)) {
    checkpoint(ctx.signal);
    const standings = await state.variants([...new Set(part.map((l) => l.variantExternalId))]);
    const sent = await state.sent(part);
    for (const level of part) {
      const standing = standings.get(level.variantExternalId);
      const unknown =
        (!standing || standing.kind === 'unknown') &&
        catalogueReadAt !== null &&
        Date.parse(catalogueReadAt) > Date.parse(level.updatedAt);
      if (unknown) {
        await ctx.recordError(
          stockError(
            level,
            'variantId',
            `unknown variant ${level.variantExternalId}: API X's catalogue, as sync-to-shopify last read it, has no such variant`,
          ),
        );
        continue;
      }
      if (!standing || standing.kind !== 'mapped') {
        waiting.push(level);
        continue;
      }
      const locationId = options.locations.get(level.warehouseId) as string;
      const key = sentKey(level.variantExternalId, level.warehouseId);
      const last = sent.get(key);
      // Confirmed only for the variant it was written to: a variant deleted by hand and
      // recreated by sync-to-shopify is a new inventory item at 0, whatever we last sent the old
      // one. A row without its variant (written before it was kept) is re-read and written once.
      const confirmed =
        last !== undefined &&
        last.onHand === level.onHand &&
        last.locationId === locationId &&
        last.variantId === standing.variantId;
      if (!options.reconcile && confirmed && !options.rechecks?.has(key)) {
        unchanged += 1;
        continue;
      }
      pending.push({ level, variantId: standing.variantId, locationId, sent: last });
    }
  }
  return { pending, waiting, unchanged };
}
