import { UpstreamError } from '../../domain/errors.js';
import type {
  InventoryItemState,
  SetOnHandResult,
  ShopifyInventory,
} from '../../domain/ports/shopify-inventory.js';
import { chunks } from '../../domain/chunks.js';
import {
  activateItemsDocument,
  aliasOf,
  INVENTORY_ITEMS,
  ITEM_LEVELS,
  ITEMS_PER_MUTATION_REQUEST,
  ITEMS_PER_REQUEST,
  LOCATIONS_PER_ACTIVATION,
  SET_ON_HAND,
  trackItemsDocument,
} from './inventory-documents.js';
import { estimateQueryCost } from './query-cost.js';
import { createShopLocations } from './shop-locations.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Shopify answered something the stock sync cannot go on from: the run fails, naming it. */
function refused(what: string, errors: unknown): UpstreamError {
  const text = arr(errors)
    .map((e) => str(obj(e)['message']))
    .join('; ');
  return new UpstreamError('shopify', `${what}: ${text || 'no answer'}`, { retryable: false });
}

/**
 * Shopify charges `nodes(ids:)` once per id; the estimator prices the document as one node, so
 * the pacer reserves that per id (else it reserves a tenth and the request comes back THROTTLED).
 */
const COST_PER_ITEM = estimateQueryCost(INVENTORY_ITEMS);

/**
 * "Why the change happened": the reason is `correction` (a general adjustment, one of the
 * documented reasons); the reference names API X's stock as the source, per run.
 */
export const SET_ON_HAND_REASON = 'correction';

/** Adds a page of an item's levels (on hand by location GID); the cursor of the next page, or null. */
function levelsInto(onHand: Map<string, number>, connection: unknown): string | null {
  const conn = obj(connection);
  for (const l of arr(conn['nodes'])) {
    const level = obj(l);
    const q = arr(level['quantities'])
      .map(obj)
      .find((x) => x['name'] === 'on_hand');
    onHand.set(str(obj(level['location'])['id']), Number(q?.['quantity'] ?? 0));
  }
  const page = obj(conn['pageInfo']);
  return page['hasNextPage'] === true && str(page['endCursor']) !== ''
    ? str(page['endCursor'])
    : null;
}

export function createShopifyInventory(client: ShopifyGraphqlClient): ShopifyInventory {
  return {
    ...createShopLocations(client),
    async items(variantIds, signal) {
      const out = new Map<string, InventoryItemState>();
      for (let i = 0; i < variantIds.length; i += ITEMS_PER_REQUEST) {
        const ids = variantIds.slice(i, i + ITEMS_PER_REQUEST);
        const data = await client.request(
          INVENTORY_ITEMS,
          { ids },
          { signal, estimatedCost: ids.length * COST_PER_ITEM },
        );
        for (const n of arr(obj(data)['nodes'])) {
          const variant = obj(n);
          const item = obj(variant['inventoryItem']);
          if (!variant['id'] || !item['id']) continue;
          const onHand = new Map<string, number>();
          let after = levelsInto(onHand, item['inventoryLevels']);
          while (after !== null) {
            const more = await client.request(ITEM_LEVELS, { id: item['id'], after }, { signal });
            after = levelsInto(onHand, obj(obj(more)['inventoryItem'])['inventoryLevels']);
          }
          out.set(str(variant['id']), {
            itemId: str(item['id']),
            tracked: item['tracked'] === true,
            onHand,
          });
        }
      }
      return out;
    },

    async track(itemIds, signal) {
      for (const part of chunks(itemIds, ITEMS_PER_MUTATION_REQUEST)) {
        const variables = Object.fromEntries(part.map((id, i) => [`id${i}`, id]));
        const data = obj(
          await client.request(trackItemsDocument(part.length), variables, { signal }),
        );
        for (const [i, id] of part.entries()) {
          const errors = obj(data[aliasOf(i)])['userErrors'];
          if (arr(errors).length > 0) throw refused(`could not turn tracking on for ${id}`, errors);
        }
      }
    },

    async activate(requests, signal) {
      // One alias per item and up to 250 of its locations (an item stocked at more takes more).
      const calls = requests.flatMap(({ itemId, locationIds }) =>
        chunks(locationIds, LOCATIONS_PER_ACTIVATION).map((part) => ({ itemId, part })),
      );
      const refusals = new Map<string, string>();
      for (const batch of chunks(calls, ITEMS_PER_MUTATION_REQUEST)) {
        const variables: Record<string, unknown> = {};
        for (const [i, { itemId, part }] of batch.entries()) {
          variables[`item${i}`] = itemId;
          variables[`updates${i}`] = part.map((locationId) => ({ locationId, activate: true }));
        }
        const data = obj(
          await client.request(activateItemsDocument(batch.length), variables, { signal }),
        );
        for (const [i, { itemId, part }] of batch.entries()) {
          // Its userErrors are about this item (InventoryBulkToggleActivationUserErrorCode:
          // INVENTORY_ITEM_NOT_FOUND, LOCATION_NOT_FOUND, FAILED_TO_STOCK_AT_LOCATION,
          // INVENTORY_MANAGED_BY_3RD_PARTY, INVENTORY_MANAGED_BY_SHOPIFY, MISSING_SKU,
          // GENERIC_ERROR [schema]): the caller holds back this item's levels, the others go on.
          const errors = arr(obj(data[aliasOf(i)])['userErrors']).map(obj);
          if (errors.length === 0 || refusals.has(itemId)) continue;
          refusals.set(
            itemId,
            `Shopify would not stock it at ${part.join(', ')}: ${errors
              .map((e) => `${str(e['code'])} ${str(e['message'])}`.trim())
              .join('; ')}`,
          );
        }
      }
      return refusals;
    },

    async setOnHand(writes, meta, signal): Promise<SetOnHandResult> {
      const input = {
        name: 'on_hand',
        reason: SET_ON_HAND_REASON,
        referenceDocumentUri: meta.referenceDocumentUri,
        quantities: writes.map((w) => ({
          inventoryItemId: w.itemId,
          locationId: w.locationId,
          quantity: w.onHand,
          changeFromQuantity: w.changeFrom,
        })),
      };
      const data = await client.request(
        SET_ON_HAND,
        { input, key: meta.idempotencyKey },
        { signal },
      );
      const errors = arr(obj(obj(data)['inventorySetQuantities'])['userErrors']).map(obj);
      if (errors.length === 0) return { ok: true };
      const indexOf = (e: Record<string, unknown>): number | null => {
        const field = arr(e['field']).map(String);
        const at = field.indexOf('quantities');
        const n = at >= 0 ? Number(field[at + 1]) : NaN;
        return Number.isInteger(n) ? n : null;
      };
      // Stale: the codes of InventorySetQuantitiesUserErrorCode [schema 2026-10] for a compare
      // that failed, CHANGE_FROM_QUANTITY_STALE and COMPARE_QUANTITY_STALE (the compareQuantity
      // form's, before 2026-04: shopify.dev admin-graphql/2025-04). The mutation is all or
      // nothing, so a stale error that names no line (`field` is a nullable list [schema]) makes
      // every line stale: each is re-read, and the ones Shopify still holds as expected are sent
      // again. One unnamed error never stops the run.
      const isStale = (e: Record<string, unknown>) =>
        e['code'] === 'CHANGE_FROM_QUANTITY_STALE' || e['code'] === 'COMPARE_QUANTITY_STALE';
      // Lines a non-stale error of the same answer names are refused, not stale.
      const named = new Set(errors.filter((e) => !isStale(e)).map(indexOf));
      const stale = new Set<number>();
      for (const e of errors.filter(isStale)) {
        const i = indexOf(e);
        if (i !== null) stale.add(i);
        else for (let n = 0; n < writes.length; n += 1) if (!named.has(n)) stale.add(n);
      }
      return {
        ok: false,
        stale: [...stale].sort((a, b) => a - b),
        errors: errors
          .filter((e) => !isStale(e))
          .map((e) => ({
            index: indexOf(e),
            code: typeof e['code'] === 'string' ? e['code'] : null,
            message: str(e['message']),
          })),
      };
    },
  };
}
