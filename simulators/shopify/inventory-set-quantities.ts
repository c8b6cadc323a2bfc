/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */
import type { SimContext } from './context.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { levelKey, quantityOf, type AdjustmentRecord, type LevelRecord } from './inventory-book.js';
import { inventoryItemView, locationView } from './inventory-views.js';
import { userError, type UserError } from './user-error.js';

/** Reasons inventorySetQuantities accepts [states: "set inventory quantities on hand"]. */
const REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

export interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}

export function setQuantities(
  ctx: SimContext,
  input: {
    name: string;
    reason: string;
    referenceDocumentUri?: string | null;
    quantities: QuantityInput[];
  },
): { inventoryAdjustmentGroup: unknown; userErrors: UserError[] } {
  const inv = ctx.inventory;
  const errors: UserError[] = [];
  const error = (field: (string | number)[], message: string, code: string) =>
    errors.push(userError(['input', ...field], message, code));
  // "The only accepted values are: available or on_hand" [schema: InventorySetQuantitiesInput.name].
  if (input.name !== 'available' && input.name !== 'on_hand')
    error(['name'], "The quantity name must be either 'available' or 'on_hand'.", 'INVALID_NAME');
  if (!REASONS.has(input.reason))
    error(['reason'], 'The specified reason is invalid.', 'INVALID_REASON');
  // "Requirements: Valid URI with scheme and content" [schema: referenceDocumentUri].
  const uri = input.referenceDocumentUri;
  if (uri !== undefined && uri !== null && !/^[a-z][a-z0-9+.-]*:.+/i.test(uri))
    error(
      ['referenceDocumentUri'],
      'The specified reference document is invalid.',
      'INVALID_REFERENCE_DOCUMENT',
    );
  const seen = new Set<string>();
  const targets: { level: LevelRecord; quantity: number }[] = [];
  input.quantities.forEach((q, i) => {
    const at = ['quantities', i];
    // changeFromQuantity "is mandatory: you must explicitly pass in a value, even if that value
    // is null, or the mutation returns an error" [schema: InventoryQuantityInput]. 2026-10 has no
    // compareQuantity or ignoreCompareQuantity input fields; the nearest code is this one.
    if (!('changeFromQuantity' in q))
      error(
        [...at, 'changeFromQuantity'],
        'changeFromQuantity must be given for each quantity (null to skip the check).',
        'COMPARE_QUANTITY_REQUIRED',
      );
    if (q.quantity < 0)
      error([...at, 'quantity'], "The quantity can't be negative.", 'INVALID_QUANTITY_NEGATIVE');
    if (q.quantity > 1_000_000_000)
      error(
        [...at, 'quantity'],
        "The total quantity can't be higher than 1,000,000,000.",
        'INVALID_QUANTITY_TOO_HIGH',
      );
    const itemNum = parseGid(q.inventoryItemId, 'InventoryItem');
    const locationNum = parseGid(q.locationId, 'Location');
    if (itemNum === null || !ctx.store.variants.has(itemNum)) {
      error(
        [...at, 'inventoryItemId'],
        'The specified inventory item could not be found.',
        'INVALID_INVENTORY_ITEM',
      );
      return;
    }
    if (locationNum === null || !inv.locations.has(locationNum)) {
      error(
        [...at, 'locationId'],
        'The specified location could not be found.',
        'INVALID_LOCATION',
      );
      return;
    }
    const k = levelKey(itemNum, locationNum);
    if (seen.has(k))
      error(
        at,
        'The combination of inventoryItemId and locationId must be unique.',
        'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
      );
    seen.add(k);
    const level = inv.levels.get(k);
    // Stricter reading: an item must be activated (stocked) at a location before its quantity is
    // set there. 2026-10 has no dedicated code for it here (inventorySetOnHandQuantities had
    // ITEM_NOT_STOCKED_AT_LOCATION); INVALID_LOCATION is the nearest.
    if (!level) {
      error(
        [...at, 'locationId'],
        'The inventory item is not stocked at the location.',
        'INVALID_LOCATION',
      );
      return;
    }
    const current = quantityOf(level, input.name);
    // Compare-and-set: "If the location's current quantity doesn't match the value you provide,
    // then the mutation fails with a CHANGE_FROM_QUANTITY_STALE error" [schema]; the code, and
    // whether the error names its line, can be switched (inventory-book.ts, StaleAnswer).
    if (q.changeFromQuantity !== undefined && q.changeFromQuantity !== null)
      if (q.changeFromQuantity !== current) {
        const { code, namesLine } = inv.staleAnswer;
        const message =
          code === 'CHANGE_FROM_QUANTITY_STALE'
            ? 'The changeFromQuantity value does not match persisted value.'
            : 'The compareQuantity value does not match persisted value.';
        if (namesLine) error([...at, 'changeFromQuantity'], message, code);
        else errors.push(userError(null, message, code));
      }
    targets.push({ level, quantity: q.quantity });
  });
  // Stricter reading: the mutation is all or nothing (the documents say "the mutation fails").
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const now = ctx.now();
  const changes: AdjustmentRecord['changes'][number][] = [];
  for (const { level, quantity } of targets) {
    const before = quantityOf(level, input.name);
    // Setting available moves on hand with it; committed units stay committed [states].
    level.onHand = input.name === 'on_hand' ? quantity : quantity + level.committed;
    level.updatedAt = now;
    if (quantity !== before)
      changes.push({
        itemId: gid('InventoryItem', level.itemNum),
        locationId: gid('Location', level.locationNum),
        delta: quantity - before,
        quantityAfterChange: quantity,
      });
  }
  const record: AdjustmentRecord = {
    reason: input.reason,
    referenceDocumentUri: uri ?? null,
    name: input.name,
    changes,
  };
  inv.adjustments.push(record);
  const num = inv.adjustments.length;
  return {
    inventoryAdjustmentGroup: {
      __typename: 'InventoryAdjustmentGroup',
      id: gid('InventoryAdjustmentGroup', num),
      createdAt: isoSeconds(now),
      reason: record.reason,
      referenceDocumentUri: record.referenceDocumentUri,
      changes: () =>
        record.changes.map((c) => ({
          name: input.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          ledgerDocumentUri: null,
          item: () => inventoryItemView(ctx, Number(c.itemId.split('/').pop())),
          location: () => {
            const l = inv.locations.get(Number(c.locationId.split('/').pop()));
            return l ? locationView(l, ctx) : null;
          },
        })),
    },
    userErrors: [],
  };
}
