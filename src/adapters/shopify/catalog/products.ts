import { UpstreamError } from '../../../domain/errors.js';
import {
  VARIANT_LIMIT,
  type UpsertedProduct,
  type WriteResult,
} from '../../../domain/model/catalog-write.js';
import type { ShopifyProducts } from '../../../domain/ports/shopify-products.js';
import { chunks } from '../../../domain/chunks.js';
import * as doc from './product-documents.js';
import { list, obj, pageInfo, str, type Obj } from '../graphql-values.js';
import {
  productSetCost,
  productSetRounds,
  toFieldErrors,
  toProductSetVariables,
  toUpsertResult,
  validateDraft,
  VARIANT_PAGE,
} from '../product-set-input.js';
import { customIdOf, writeResult, type ShopifyCatalogOptions } from './catalog-options.js';
import { allVariantIds } from './variant-ids.js';

export function createShopifyProducts(options: ShopifyCatalogOptions): ShopifyProducts {
  const { client, customId } = options;
  const log = options.logger.child({ component: 'shopify-catalog' });
  return {
    async upsertProduct(draft, signal) {
      const invalid = validateDraft(draft);
      if (invalid.length > 0) return { ok: false, errors: invalid };
      // Usually one productSet; a product too large for one request's cost goes in rounds,
      // each round's new variants sent by id in the next (productSetRounds).
      let known: Readonly<Record<string, string>> = {};
      let written: WriteResult<UpsertedProduct> | null = null;
      for (const round of productSetRounds(draft)) {
        const sent = {
          ...round,
          variants: round.variants.map((v) => {
            const id = v.shopifyId ?? known[v.externalId];
            return id === undefined ? v : { ...v, shopifyId: id };
          }),
        };
        const inline = sent.variants.length <= VARIANT_PAGE;
        let data: Obj;
        try {
          data = await client.request<Obj>(
            doc.PRODUCT_SET,
            {
              ...toProductSetVariables(sent, customId),
              ...customId,
              variantsFirst: inline ? Math.max(1, sent.variants.length) : 1,
            },
            { signal, estimatedCost: productSetCost(sent) },
          );
        } catch (e) {
          // The daily variant limit refuses this product, not the run: a value, not a throw.
          if (e instanceof UpstreamError && e.code === VARIANT_LIMIT)
            return {
              ok: false,
              errors: [{ field: 'variants', message: e.message, code: VARIANT_LIMIT }],
            };
          throw e;
        }
        written = toUpsertResult(data['productSet'], sent);
        if (!written.ok) return written;
        if (!inline) {
          const variantIds = await allVariantIds(
            client,
            customId,
            written.value.productId,
            sent,
            signal,
          );
          written = { ok: true, value: { productId: written.value.productId, variantIds } };
        }
        known = written.value.variantIds;
      }
      return (
        written ?? { ok: false, errors: [{ field: null, message: 'nothing sent', code: null }] }
      );
    },

    async variantsOfProduct(productExternalId, signal) {
      const found = new Map<string, string>();
      let after: string | null = null;
      do {
        const data: Obj = await client.request<Obj>(
          doc.PRODUCT_VARIANTS_BY_CUSTOM_ID_QUERY,
          {
            identifier: customIdOf(customId, productExternalId),
            namespace: customId.namespace,
            key: customId.key,
            after,
          },
          { signal },
        );
        const variants = obj(obj(data['productByIdentifier'])['variants']);
        for (const node of list(variants['nodes'])) {
          const id = str(obj(node)['id']);
          const externalId = str(obj(obj(node)['metafield'])['value']);
          if (id && externalId) found.set(externalId, id);
        }
        const info = pageInfo(variants['pageInfo']);
        after = info.hasNextPage ? info.endCursor : null;
      } while (after !== null);
      return found;
    },

    async releaseVariantCustomIds(variantIds, signal) {
      // 25 per call, as metafieldsSet allows; metafieldsDelete states no limit of its own.
      for (const ids of chunks(variantIds, 25)) {
        const data = await client.request<Obj>(
          doc.METAFIELDS_DELETE,
          {
            metafields: ids.map((ownerId) => ({
              ownerId,
              namespace: customId.namespace,
              key: customId.key,
            })),
          },
          { signal },
        );
        const errors = toFieldErrors(obj(data['metafieldsDelete'])['userErrors']);
        // A custom id that cannot be released makes the receiving product fail with "already
        // taken"; that failure is recorded on the product, so this one is only logged.
        if (errors.length > 0) log.warn({ variantIds: ids, errors }, 'custom ids not released');
      }
    },

    async setProductStatus(externalId, status, signal) {
      const found = await client.request<Obj>(
        doc.PRODUCT_BY_CUSTOM_ID_QUERY,
        { identifier: customIdOf(customId, externalId) },
        { signal },
      );
      const existing = str(obj(found['productByIdentifier'])['id']);
      if (!existing)
        return {
          ok: false,
          errors: [
            {
              field: 'identifier',
              message: `no product with custom id ${externalId}`,
              code: 'NOT_FOUND',
            },
          ],
        };
      const data = await client.request<Obj>(
        doc.PRODUCT_STATUS_SET,
        { identifier: { id: existing }, input: { status } },
        { signal },
      );
      const payload = obj(data['productSet']);
      const errors = toFieldErrors(payload['userErrors']);
      return writeResult(errors, { productId: str(obj(payload['product'])['id']) ?? existing });
    },
  };
}
