import type {
  CollectionMembership,
  MembershipChange,
} from '../../domain/ports/collection-membership.js';
import type { ShopifyCollections } from '../../domain/ports/shopify-collections.js';
import { keysetPages } from './keyset-pages.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

export interface SyncMembershipDeps {
  readonly shopify: Pick<ShopifyCollections, 'changeCollectionMembers'>;
  readonly state: CollectionMembership;
}

const PAGE = 1000;
const CHUNK = 250;

/**
 * Puts products into the collections of their categories and takes them out of collections of
 * categories they left. Only memberships this job made are ever removed: a product's place in a
 * collection the merchant manages is never touched.
 */
export function createSyncCollectionMembership(deps: SyncMembershipDeps) {
  return {
    /**
     * `concurrency`: collections changed at once. Each change may wait on a Shopify job (polled
     * until done); collections are independent, so one collection's job does not hold up the
     * others. The client's cost pacer keeps them all within the shop's budget. The chunks of one
     * collection stay in order, and saves go one at a time (two saves touching the same
     * products' rows in different orders could deadlock).
     */
    async run(
      ctx: StepContext,
      options: { readonly concurrency: number } = { concurrency: 1 },
    ): Promise<{ added: number; removed: number }> {
      let added = 0;
      let removed = 0;
      const reportedUnknown = new Set<string>();
      let saving: Promise<void> = Promise.resolve();
      const save = (chunk: readonly MembershipChange[]) => {
        saving = saving.then(() => deps.state.saveMembership(chunk));
        return saving;
      };
      const total = await deps.state.prepareMembershipChanges();
      if (total === 0) return { added, removed };
      const pages = keysetPages(
        null,
        (after: Parameters<CollectionMembership['membershipChanges']>[0]) => {
          ctx.signal.throwIfAborted();
          return deps.state.membershipChanges(after, PAGE);
        },
        (c) => ({ categoryId: c.categoryId, productExternalId: c.productExternalId }),
      );
      for await (const page of pages) {
        const byCategory = new Map<string, MembershipChange[]>();
        for (const change of page)
          byCategory.set(change.categoryId, [...(byCategory.get(change.categoryId) ?? []), change]);
        await runConcurrently([...byCategory], options.concurrency, ctx.signal, async (group) => {
          const [categoryId, changes] = group;
          const collectionId = changes[0]?.collectionId ?? null;
          if (!collectionId) {
            // The category is unknown to Shopify (malformed, removed, or its collection failed).
            for (const c of changes.filter(
              (c) => c.op === 'add' && !reportedUnknown.has(`${c.productExternalId}/${categoryId}`),
            )) {
              reportedUnknown.add(`${c.productExternalId}/${categoryId}`);
              await ctx.recordError({
                entity: 'product',
                externalId: c.productExternalId,
                field: 'categoryIds',
                reason: `category ${categoryId} has no collection in Shopify (unknown to API X's category list, or its collection failed)`,
                payload: { categoryId },
              });
            }
            return;
          }
          for (let i = 0; i < changes.length; i += CHUNK) {
            const chunk = changes.slice(i, i + CHUNK);
            const add = chunk.filter((c) => c.op === 'add').map((c) => c.productId);
            const remove = chunk.filter((c) => c.op === 'remove').map((c) => c.productId);
            const result = await deps.shopify.changeCollectionMembers(
              collectionId,
              add,
              remove,
              ctx.signal,
            );
            if (!result.ok) {
              await ctx.recordError({
                entity: 'category',
                externalId: categoryId,
                field: 'products',
                reason: `could not change the collection's products: ${result.errors.map((e) => e.message).join('; ')}`,
                payload: { add: add.length, remove: remove.length },
              });
              continue;
            }
            await save(chunk);
            added += add.length;
            removed += remove.length;
          }
        });
      }
      return { added, removed };
    },
  };
}
