import type { Parsed } from '../../domain/model/record-error.js';
import type { StockLevel } from '../../domain/model/stock.js';
import type { StockSource } from '../../domain/ports/stock-source.js';
import { streamRecords } from './apix-catalog-source.js';
import type { ApixHttp } from './apix-http.js';
import { parseRecord } from './parse-catalog-records.js';
import { FieldProblem, readId, readTimestamp } from './record-fields.js';

/** Shopify refuses totals above this (InventorySetQuantitiesUserErrorCode INVALID_QUANTITY_TOO_HIGH). */
const MAX_ON_HAND = 1_000_000_000;

/** One `StockLevel` of GET /v1/stock; a record error names the field at fault. */
export function parseStockLevel(raw: unknown, index = 0): Parsed<StockLevel> {
  const parsed = parseRecord('stock', 'variantId', raw, index, (f) => {
    const variantExternalId = readId(f['variantId'], 'variantId');
    const warehouseId = readId(f['warehouseId'], 'warehouseId');
    const onHand = f['onHand'];
    if (typeof onHand !== 'number' || !Number.isInteger(onHand))
      throw new FieldProblem(
        'onHand',
        `must be a whole number, got ${JSON.stringify(onHand) ?? 'nothing'}`,
      );
    if (onHand < 0)
      throw new FieldProblem(
        'onHand',
        `must not be negative, got ${onHand} (on hand counts physical units)`,
      );
    if (onHand > MAX_ON_HAND)
      throw new FieldProblem(
        'onHand',
        `must be at most ${MAX_ON_HAND} (Shopify's limit), got ${onHand}`,
      );
    return {
      variantExternalId,
      warehouseId,
      onHand,
      updatedAt: readTimestamp(f['updatedAt'], 'updatedAt'),
    };
  });
  if (parsed.ok) return parsed;
  // A level is named by variant and warehouse (VARIANT@WAREHOUSE), as the job's other errors.
  const warehouse =
    typeof raw === 'object' && raw !== null
      ? (raw as Record<string, unknown>)['warehouseId']
      : null;
  return typeof warehouse === 'string' && warehouse !== ''
    ? {
        ok: false,
        error: { ...parsed.error, externalId: `${parsed.error.externalId}@${warehouse}` },
      }
    : parsed;
}

export function createApixStockSource(
  http: ApixHttp,
  options: { readonly pageSize: number },
): StockSource {
  return {
    levels: (updatedSince, signal) =>
      streamRecords(
        http,
        '/v1/stock',
        parseStockLevel,
        { pageSize: options.pageSize, updatedSince },
        signal,
      ),
  };
}
