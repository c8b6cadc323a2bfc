import type { Parsed } from '../model/record-error.js';
import type { StockLevel } from '../model/stock.js';

/**
 * API X as the source of stock levels, streamed page by page. A malformed level comes through
 * as `{ ok: false, error }`; transport failures throw an UpstreamError.
 */
export interface StockSource {
  /** Every level (`updatedSince` null: the full read) or those changed at or after it. */
  levels(updatedSince: string | null, signal?: AbortSignal): AsyncIterable<Parsed<StockLevel>>;
}
