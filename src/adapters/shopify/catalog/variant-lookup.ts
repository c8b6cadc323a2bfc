import { chunks } from '../../../domain/chunks.js';
import type { FieldError } from '../../../domain/model/catalog-write.js';
import type { VariantBySku, VariantLookup } from '../../../domain/ports/variant-lookup.js';
import * as doc from './variant-lookup-documents.js';
import { list, obj, pageInfo, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import { writeResult, type ShopifyCatalogOptions } from './catalog-options.js';

/** SKUs per productVariants search: a short query string, and usually one page of answers. */
const SKUS_PER_QUERY = 25;

/** `sku:"A" OR sku:"B"`: quoted, with quotes and backslashes escaped by a backslash. */
export function skuQuery(skus: readonly string[]): string {
  return skus.map((x) => `sku:"${x.replace(/[\\"]/g, '\\$&')}"`).join(' OR ');
}

function toVariantBySku(node: unknown): VariantBySku | null {
  const n = obj(node);
  const product = obj(n['product']);
  const variantId = str(n['id']);
  const productId = str(product['id']);
  const sku = str(n['sku']);
  if (!variantId || !productId || sku === null) return null;
  return {
    variantId,
    sku,
    externalId: str(obj(n['metafield'])['value']),
    product: {
      id: productId,
      title: str(product['title']) ?? '',
      externalId: str(obj(product['metafield'])['value']),
      variantCount: Number(obj(product['variantsCount'])['count'] ?? 0) || 0,
    },
  };
}

export function createVariantLookup(options: ShopifyCatalogOptions): VariantLookup {
  const { client, customId } = options;
  return {
    async variantsBySku(skus, signal) {
      const wanted = new Set(skus.filter((x) => x !== '').map((x) => x.toLowerCase()));
      const found = new Map<string, VariantBySku>();
      for (const batch of chunks([...wanted], SKUS_PER_QUERY)) {
        let after: string | null = null;
        do {
          const data: Obj = await client.request<Obj>(
            doc.VARIANTS_BY_SKU_QUERY,
            { query: skuQuery(batch), ...customId, after },
            { signal },
          );
          const variants = obj(data['productVariants']);
          for (const node of list(variants['nodes'])) {
            const v = toVariantBySku(node);
            // Shopify's search may match more loosely than a whole SKU: only exact SKUs count.
            if (v && wanted.has(v.sku.toLowerCase())) found.set(v.variantId, v);
          }
          const info = pageInfo(variants['pageInfo']);
          after = info.hasNextPage ? info.endCursor : null;
        } while (after !== null);
      }
      return [...found.values()];
    },

    async adoptProduct(productId, externalId, variants, signal) {
      const entries = [
        { ownerId: productId, value: externalId },
        ...variants.map((v) => ({ ownerId: v.variantId, value: v.externalId })),
      ];
      const errors: FieldError[] = [];
      // The product's own id goes last: until it is there, productSet by custom id cannot find
      // the product, so an adoption cut short is simply tried again by the next run.
      for (const batch of chunks(entries.slice(1), 25).concat([entries.slice(0, 1)])) {
        const data = await client.request<Obj>(
          doc.METAFIELDS_SET,
          {
            metafields: batch.map((e) => ({
              ownerId: e.ownerId,
              namespace: customId.namespace,
              key: customId.key,
              type: 'id',
              value: e.value,
            })),
          },
          { signal },
        );
        errors.push(...toFieldErrors(obj(data['metafieldsSet'])['userErrors']));
        if (errors.length > 0) break;
      }
      return writeResult(errors, undefined);
    },
  };
}
