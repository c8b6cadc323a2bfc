import type {
  ProductDraft,
  ProductStatus,
  UpsertedProduct,
  WriteResult,
} from '../model/catalog-write.js';

/** Products written one at a time (the path below the bulk threshold), and archived. */
export interface ShopifyProducts {
  /** productSet by custom id: creates the product or updates it, variants by their GIDs. */
  upsertProduct(draft: ProductDraft, signal?: AbortSignal): Promise<WriteResult<UpsertedProduct>>;
  /**
   * The variants (variant custom id -> GID) of the product Shopify holds under this product
   * custom id; empty when it holds none. A write whose answer never arrived (a killed run)
   * leaves such a product in Shopify and nothing of it recorded here.
   */
  variantsOfProduct(
    productExternalId: string,
    signal?: AbortSignal,
  ): Promise<ReadonlyMap<string, string>>;
  /**
   * Removes our custom id from these variants, so it can go to a variant of another product
   * (ids are unique per shop; the variant left behind is deleted when its product is written).
   */
  releaseVariantCustomIds(variantIds: readonly string[], signal?: AbortSignal): Promise<void>;
  /** Sets the status of the product with this custom id (how a gone product is archived). */
  setProductStatus(
    externalId: string,
    status: ProductStatus,
    signal?: AbortSignal,
  ): Promise<WriteResult<{ readonly productId: string }>>;
}
