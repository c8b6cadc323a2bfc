import type { WriteResult } from '../model/catalog-write.js';

/** The sales channels new products and collections are published to. */
export interface Publications {
  /**
   * Publication ids by their catalogue title ("Online Store"): the sales channels new products
   * and collections are published to.
   */
  publicationsByName(signal?: AbortSignal): Promise<ReadonlyMap<string, string>>;
  /**
   * Publishes a product or collection (Shopify creates both unpublished) to the publications;
   * publishing again where it already is published changes nothing.
   */
  publish(
    resourceId: string,
    publicationIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<WriteResult<void>>;
  /**
   * Stages one line per product and starts a bulk publishablePublish to the publications (the
   * bulk import guide lists publishablePublish among the mutations bulk runs): no regular
   * mutation per product. Returns the operation id to store.
   */
  startBulkPublish(
    productIds: AsyncIterable<string>,
    publicationIds: readonly string[],
    signal?: AbortSignal,
  ): Promise<{ readonly operationId: string; readonly lines: number }>;
  /** One result per line of a bulk publish's result file (lines numbered from 0). */
  bulkPublishResults(
    url: string,
    signal?: AbortSignal,
  ): AsyncIterable<{ readonly lineNumber: number; readonly result: WriteResult<void> }>;
}
