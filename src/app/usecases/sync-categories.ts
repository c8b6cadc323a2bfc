import type { Category } from '../../domain/model/catalog.js';
import type { CatalogSource } from '../../domain/ports/catalog-source.js';
import type { CollectionMappings } from '../../domain/ports/collection-mappings.js';
import type { Publications } from '../../domain/ports/publications.js';
import type { ShopifyCollections } from '../../domain/ports/shopify-collections.js';
import { categoryToCollection, collectionHash } from './catalog-mapping.js';
import { ambiguousCopy, chooseCopy, copyOf } from './newest-copy.js';
import { publishResource } from './publish-resource.js';
import type { StepContext } from './step-context.js';

export interface SyncCategoriesDeps {
  readonly source: Pick<CatalogSource, 'categories'>;
  readonly shopify: Pick<ShopifyCollections, 'upsertCollection'> & Pick<Publications, 'publish'>;
  readonly state: CollectionMappings;
}

export interface CategoryPlan {
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly removed: number;
}

/**
 * Categories become collections. A removed category's collection is left in Shopify untouched
 * (merchants link collections from menus and campaigns; deleting one breaks them): the job stops
 * managing it, and its products leave it as their category lists change.
 */
export function createSyncCategories(deps: SyncCategoriesDeps) {
  return {
    /**
     * `publicationIds`: where a new collection is published (Shopify creates collections
     * unpublished; none: opted out).
     */
    async run(
      ctx: StepContext,
      options: { dryRun: boolean; publicationIds: readonly string[] },
    ): Promise<CategoryPlan> {
      const mappings = await deps.state.collectionMappings();
      const seen = new Set<string>();
      // A shop has few categories: all are read before any is written, so a category that
      // appears twice is written once, as its newest copy (its title never flips between runs).
      const newest = new Map<string, Category | null>();
      for await (const parsed of deps.source.categories(ctx.signal)) {
        ctx.signal.throwIfAborted();
        if (!parsed.ok) {
          // A malformed category is still "seen": its collection must not be treated as removed.
          // Held back even if another copy is well-formed: which one is current is unknown.
          seen.add(parsed.error.externalId);
          newest.set(parsed.error.externalId, null);
          await ctx.recordError(parsed.error);
          continue;
        }
        const category = parsed.value;
        seen.add(category.externalId);
        const kept = newest.get(category.externalId);
        if (kept === null) continue;
        const choice = kept === undefined ? 'replace' : chooseCopy(copyOf(kept), copyOf(category));
        if (choice === 'replace') newest.set(category.externalId, category);
        if (choice === 'ambiguous') {
          newest.set(category.externalId, null);
          await ctx.recordError(ambiguousCopy('category', category));
        }
      }
      const toWrite: { category: Category; hash: string; create: boolean }[] = [];
      let unchanged = 0;
      for (const category of newest.values()) {
        if (category === null) continue;
        const hash = collectionHash(categoryToCollection(category));
        const mapping = mappings.get(category.externalId);
        if (mapping?.shopifyId && mapping.contentHash === hash && mapping.state === 'active') {
          unchanged++;
          continue;
        }
        toWrite.push({ category, hash, create: !mapping?.shopifyId });
      }
      const removed = [...mappings.values()]
        .filter((m) => m.state === 'active' && !seen.has(m.externalId))
        .map((m) => m.externalId);
      const plan = {
        create: toWrite.filter((w) => w.create).length,
        update: toWrite.filter((w) => !w.create).length,
        unchanged,
        removed: removed.length,
      };
      ctx.counter.add('category', 'unchanged', unchanged);
      if (options.dryRun) return plan;

      for (const { category, hash, create } of toWrite) {
        ctx.signal.throwIfAborted();
        const result = await deps.shopify.upsertCollection(
          categoryToCollection(category),
          ctx.signal,
        );
        if (!result.ok) {
          const first = result.errors[0];
          await ctx.recordError({
            entity: 'category',
            externalId: category.externalId,
            field: first?.field ?? null,
            reason: `Shopify rejected the collection: ${result.errors.map((e) => e.message).join('; ')}`,
            payload: category,
          });
          continue;
        }
        if (create && options.publicationIds.length > 0) {
          const { collectionId } = result.value;
          const published = await publishResource(
            ctx,
            deps.shopify,
            {
              entity: 'category',
              externalId: category.externalId,
              resourceId: collectionId,
              payload: { collectionId },
            },
            options.publicationIds,
          );
          // Not saved as written: next run finds it by custom id, updates it and publishes it.
          if (!published) continue;
        }
        await deps.state.saveCollection(category.externalId, result.value.collectionId, hash);
        ctx.counter.add('category', create ? 'created' : 'updated');
      }
      if (removed.length > 0) {
        await deps.state.markCollectionsRemoved(removed);
        ctx.counter.add('category', 'archived', removed.length);
        ctx.logger.info(
          { removed },
          `${removed.length} categories gone from API X: their collections are kept but no longer managed`,
        );
      }
      return plan;
    },
  };
}
