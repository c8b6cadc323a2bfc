import type { SyncCategoriesDeps } from '../../../src/app/usecases/sync-categories.js';

type Shopify = SyncCategoriesDeps['shopify'];
type Written = Awaited<ReturnType<Shopify['upsertCollection']>>;
type Published = Awaited<ReturnType<Shopify['publish']>>;
type Draft = Parameters<Shopify['upsertCollection']>[0];

/**
 * Shopify's collection writes and publications, in memory: `answers` decide each (default:
 * written under a GID from the external id, published); every call is kept.
 */
export function createFakeShopifyCollections(
  answers: { write?: (draft: Draft) => Written; publish?: (resourceId: string) => Published } = {},
) {
  const written: Draft[] = [];
  const published: { resourceId: string; publicationIds: string[] }[] = [];
  const shopify: Shopify = {
    async upsertCollection(draft) {
      written.push(draft);
      return (
        answers.write?.(draft) ?? {
          ok: true,
          value: { collectionId: `gid://shopify/Collection/${draft.externalId}` },
        }
      );
    },
    async publish(resourceId, publicationIds) {
      published.push({ resourceId, publicationIds: [...publicationIds] });
      return answers.publish?.(resourceId) ?? { ok: true, value: undefined };
    },
  };
  return { shopify, written, published };
}
