import type { Category, Price, Product } from '../model/catalog.js';
import type { Parsed } from '../model/record-error.js';

/**
 * API X as the source of the catalogue. Each method streams every current record page by page
 * (memory stays flat whatever the catalogue size). A malformed record comes through as
 * `{ ok: false, error }` and never ends the stream; transport failures that survive the adapter's
 * retries throw an `UpstreamError` (domain/errors.ts).
 */
export interface CatalogSource {
  categories(signal?: AbortSignal): AsyncIterable<Parsed<Category>>;
  products(signal?: AbortSignal): AsyncIterable<Parsed<Product>>;
  prices(signal?: AbortSignal): AsyncIterable<Parsed<Price>>;
}
