import type { ProductStatus } from '../model/catalog-write.js';

export interface ProductWritten {
  readonly externalId: string;
  readonly productId: string;
  readonly variantIds: Readonly<Record<string, string>>;
  readonly contentHash: string;
  readonly status: ProductStatus;
  /** Prices sent with the product, by variant external id (their hashes are recorded). */
  readonly pricesSent: Readonly<Record<string, string>>;
  /**
   * Categories whose collections the product joined in this write (productSet `collections`, on
   * create): recorded as its memberships, so the membership step does not add them again.
   */
  readonly memberOf?: readonly string[];
  /**
   * Still to be published to the configured publications (Shopify creates products
   * unpublished): recorded with the product, in the same write, so that no run can record the
   * product and lose the publishing (see UnpublishedProducts).
   */
  readonly unpublished?: boolean;
}

/**
 * The products Shopify holds for us (external id <-> GID, content hash, active or archived):
 * recorded as they are written, archived when API X stops serving them, forgotten when found
 * deleted by hand.
 */
export interface ProductRecords {
  saveProductsWritten(products: readonly ProductWritten[]): Promise<void>;
  /** Products mapped and not archived that API X no longer serves. */
  goneProducts(
    afterExternalId: string | null,
    limit: number,
  ): Promise<readonly { externalId: string; productId: string }[]>;
  markArchived(externalIds: readonly string[]): Promise<void>;
  /** Every mapped product GID (for the hand-deletion check). */
  mappedProductIds(): AsyncIterable<readonly string[]>;
  /**
   * Forgets the hash of products whose Shopify object no longer exists, so they are re-created,
   * and their variants' GIDs (gone with them: a re-created product gets new variants).
   */
  forgetProducts(productIds: readonly string[]): Promise<number>;
}
