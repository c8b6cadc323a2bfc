import type { CatalogState } from '../../domain/ports/catalog-state.js';
import type { ShopifyCatalog } from '../../domain/ports/shopify-catalog.js';
import type { StepContext } from './step-context.js';

export interface DetectDeletedDeps {
  readonly shopify: Pick<ShopifyCatalog, 'listSyncedProducts'>;
  readonly state: Pick<CatalogState, 'mappedProductIds' | 'forgetProducts'>;
}

/**
 * Finds products deleted by hand in Shopify: mapped, but no longer listed. Their hashes are
 * forgotten so this run re-creates them (productSet by custom id creates when nothing matches)
 * and the mapping heals to the new GID. The listing is a bulk export: it costs almost nothing
 * against the rate limit, whatever the catalogue size.
 */
export function createDetectDeletedProducts(deps: DetectDeletedDeps) {
  return {
    async run(ctx: StepContext): Promise<number> {
      const existing = new Set<string>();
      for await (const p of deps.shopify.listSyncedProducts(ctx.signal)) existing.add(p.productId);
      let forgotten = 0;
      for await (const ids of deps.state.mappedProductIds()) {
        ctx.signal.throwIfAborted();
        const missing = ids.filter((id) => !existing.has(id));
        if (missing.length > 0) {
          forgotten += await deps.state.forgetProducts(missing);
          ctx.logger.warn(
            { productIds: missing.slice(0, 20), count: missing.length },
            'products deleted in Shopify by hand: they will be re-created',
          );
        }
      }
      return forgotten;
    },
  };
}
