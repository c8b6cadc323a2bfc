import type { ProductDraft } from '../../../domain/model/catalog-write.js';
import * as doc from './product-documents.js';
import { list, obj, pageInfo, str, type Obj } from '../graphql-values.js';
import type { CustomIdKey } from '../product-set-input.js';
import type { ShopifyGraphqlClient } from '../shopify-graphql-client.js';

/** Every variant id of a product, 250 a page (after the write of a large product). */
export async function allVariantIds(
  client: ShopifyGraphqlClient,
  customId: CustomIdKey,
  productId: string,
  sent: Pick<ProductDraft, 'variants'>,
  signal?: AbortSignal,
): Promise<Record<string, string>> {
  const byGid = new Map(
    sent.variants.flatMap((v) =>
      v.shopifyId === undefined ? [] : [[v.shopifyId, v.externalId] as const],
    ),
  );
  const ids: Record<string, string> = {};
  let after: string | null = null;
  do {
    const data: Obj = await client.request<Obj>(
      doc.PRODUCT_VARIANTS_PAGE,
      { id: productId, after, ...customId },
      { signal },
    );
    const page = obj(obj(data['product'])['variants']);
    for (const node of list(page['nodes'])) {
      const id = str(obj(node)['id']);
      const externalId = str(obj(obj(node)['metafield'])['value']) ?? (id ? byGid.get(id) : null);
      if (id && externalId) ids[externalId] = id;
    }
    const info = pageInfo(page['pageInfo']);
    after = info.hasNextPage ? info.endCursor : null;
  } while (after !== null);
  return ids;
}
