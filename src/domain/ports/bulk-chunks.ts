import type { ChangedProduct } from './product-changes.js';

/** A changed product placed on a line of the current bulk file (lines count from 1). */
export type BulkLineProduct = ChangedProduct & { readonly bulkLine: number };

/**
 * The changed products numbered into the lines of one bulk operation's file. A line keeps its
 * draft until its result is recorded, so a lost answer is still visible to the next run.
 */
export interface BulkChunks {
  /**
   * Numbers the next changed products after `afterExternalId` 1..N for one bulk operation, as
   * many as fit in about `maxBytes` of upload (Shopify takes at most 100 MB per file), and at
   * most `maxLines` when given.
   */
  assignBulkChunk(
    afterExternalId: string | null,
    maxBytes: number,
    maxLines?: number,
  ): Promise<{ readonly lines: number; readonly lastExternalId: string | null }>;
  /** The products of the current bulk chunk in line order after `afterLine`, a page at a time. */
  bulkChunk(afterLine: number, limit: number): Promise<readonly BulkLineProduct[]>;
  productsAtBulkLines(lines: readonly number[]): Promise<ReadonlyMap<number, ChangedProduct>>;
  /**
   * Products an earlier run put in a bulk file and never recorded as written: its operation's
   * answer was lost (the run died between starting it and recording it) or its line failed.
   * Read before resetStaging, after in-flight operations were resumed.
   */
  productsSentInBulkUnrecorded(): Promise<ReadonlySet<string>>;
}
