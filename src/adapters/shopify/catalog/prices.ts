import { chunks } from '../../../domain/chunks.js';
import type { FieldError, VariantPrice } from '../../../domain/model/catalog-write.js';
import type { ShopifyPrices } from '../../../domain/ports/shopify-prices.js';
import * as doc from './price-documents.js';
import { obj, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import { CHUNK, writeResult, type ShopifyCatalogOptions } from './catalog-options.js';

/** A VariantPrice as productVariantsBulkUpdate's input (one variant). */
export const toVariantPriceInput = (p: VariantPrice): Obj => ({
  id: p.variantId,
  price: p.price,
  compareAtPrice: p.compareAtPrice,
});

export function createShopifyPrices(options: Pick<ShopifyCatalogOptions, 'client'>): ShopifyPrices {
  const { client } = options;
  return {
    async updateVariantPrices(productId, prices, signal) {
      const errors: FieldError[] = [];
      for (const [k, chunk] of chunks(prices, CHUNK).entries()) {
        const variants = chunk.map(toVariantPriceInput);
        const data = await client.request<Obj>(
          doc.VARIANT_PRICES_UPDATE,
          { productId, variants },
          { signal },
        );
        // Fields name the variant by its index in this chunk: made an index into `prices`.
        errors.push(
          ...toFieldErrors(obj(data['productVariantsBulkUpdate'])['userErrors']).map((e) => ({
            ...e,
            field:
              e.field?.replace(
                /^variants\.(\d+)/,
                (_, i: string) => `variants.${k * CHUNK + Number(i)}`,
              ) ?? null,
          })),
        );
      }
      return writeResult(errors, undefined);
    },
  };
}
