import type { PriceChange, PriceWrites } from '../../domain/ports/price-writes.js';
import type { ShopifyBulkImports } from '../../domain/ports/shopify-bulk-imports.js';
import type { ShopifyPrices } from '../../domain/ports/shopify-prices.js';
import type { VariantMappings } from '../../domain/ports/variant-mappings.js';
import { bothEnded } from './both-ended.js';
import type { createBulkOperations } from './bulk-operation.js';
import { keysetPages } from './keyset-pages.js';
import { createProgress } from './progress.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

export interface SyncPricesDeps {
  readonly shopify: ShopifyPrices &
    Pick<ShopifyBulkImports, 'startBulkPriceUpdate' | 'bulkPriceResults'>;
  readonly state: PriceWrites & VariantMappings;
  readonly bulk: ReturnType<typeof createBulkOperations>;
}

const PAGE = 2000;

/** Where a page of prepared changes starts (null: at the first). */
type PriceChangeKey = Parameters<PriceWrites['priceChanges']>[0];

/**
 * Sends only the prices that changed since Shopify last received them, grouped per product (one
 * productVariantsBulkUpdate each), or as one bulk operation when there are many. Prices of new or
 * rewritten products already travelled with the product.
 */
export function createSyncPrices(deps: SyncPricesDeps) {
  /** The prepared changes grouped per product, read a page at a time (memory stays flat). */
  async function* productGroups(ctx: StepContext): AsyncGenerator<PriceChange[]> {
    let group: PriceChange[] = [];
    const pages = keysetPages(
      null,
      (after: PriceChangeKey) => deps.state.priceChanges(after, PAGE),
      (c) => ({ productExternalId: c.productExternalId, variantExternalId: c.variantExternalId }),
    );
    for await (const page of pages) {
      for (const change of page) {
        if (group.length > 0 && group[0]?.productId !== change.productId) {
          yield group;
          group = [];
        }
        group.push(change);
      }
      ctx.signal.throwIfAborted();
    }
    if (group.length > 0) yield group;
  }

  return {
    async run(
      ctx: StepContext,
      options: { dryRun: boolean; bulkThreshold: number; concurrency: number },
    ) {
      // In a dry run nothing was written, so new products' variants are not mapped yet: not an error.
      // Both read what the product step left and neither writes what the other reads (the
      // prepared changes are a table of their own), so they run at once: each scans the staged
      // prices (~0.2 s at 30k products), one after the other most of a no-change run's tail.
      const [unmapped, { products, variants }] = await bothEnded(ctx, [
        async () => (options.dryRun ? [] : deps.state.unmappedPrices(1000)),
        () => deps.state.preparePriceChanges(),
      ]);
      for (const p of unmapped) {
        await ctx.recordError({
          entity: 'price',
          externalId: p.variantExternalId,
          field: 'variantId',
          reason:
            'variant is not in Shopify (its product failed or API X does not list it), so its price was not applied',
          payload: p,
        });
      }
      const path =
        products === 0 ? 'none' : products >= options.bulkThreshold ? 'bulk' : 'mutations';
      if (options.dryRun || products === 0) return { products, variants, path };

      const progress = createProgress(ctx, 'updating prices in Shopify', products);
      if (path === 'bulk') {
        // Line i of the upload is the i-th product group; results come back in the same order.
        await deps.bulk.run(
          ctx,
          'price-update',
          () =>
            deps.shopify.startBulkPriceUpdate(
              (async function* () {
                for await (const group of productGroups(ctx))
                  yield { productId: group[0]?.productId ?? '', prices: group.map((g) => g.price) };
              })(),
              ctx.signal,
            ),
          async (url) => {
            if (!url) return;
            const results = new Map<number, boolean>();
            for await (const line of deps.shopify.bulkPriceResults(url, ctx.signal))
              results.set(line.lineNumber, line.result.ok);
            let line = 0;
            const accepted = acceptedPrices(deps.state, ctx);
            await accepted.recording(async () => {
              for await (const group of productGroups(ctx)) {
                const ok = results.get(line++);
                if (ok) {
                  await accepted.add(group);
                } else {
                  for (const g of group)
                    await ctx.recordError({
                      entity: 'price',
                      externalId: g.variantExternalId,
                      field: 'price',
                      reason: 'bulk price update failed for this product',
                      payload: g.price,
                    });
                }
              }
            });
          },
        );
      } else {
        let batch: PriceChange[][] = [];
        const accepted = acceptedPrices(deps.state, ctx);
        const flush = async () => {
          await accepted.recording(() =>
            runConcurrently(batch, options.concurrency, ctx.signal, async (group) => {
              const productId = group[0]?.productId ?? '';
              const result = await deps.shopify.updateVariantPrices(
                productId,
                group.map((g) => g.price),
                ctx.signal,
              );
              if (result.ok) {
                accepted.hold(group);
              } else {
                const gone = deletedVariants(group, result.errors);
                if (gone.length > 0) {
                  // Deleted in Shopify by hand: forgotten, so the next run writes the product
                  // again and creates them anew (see product-variant-ids' dropStaleVariants).
                  await deps.state.forgetVariants(gone);
                  ctx.logger.warn(
                    { variants: gone },
                    `variant(s) ${gone.join(', ')} were deleted in Shopify by hand; the next run creates them again`,
                  );
                }
                for (const g of group) {
                  await ctx.recordError({
                    entity: 'price',
                    externalId: g.variantExternalId,
                    field: result.errors[0]?.field ?? 'price',
                    reason: `Shopify rejected the price: ${result.errors.map((e) => e.message).join('; ')}${gone.includes(g.variantExternalId) ? ' (the variant was deleted in Shopify; the next run creates it again)' : ''}`,
                    payload: g.price,
                  });
                }
              }
            }),
          );
          progress.add(batch.length);
          batch = [];
        };
        // The prepared set does not change as prices are saved, so it is read as it is written.
        for await (const group of productGroups(ctx)) {
          batch.push(group);
          if (batch.length >= 100) await flush();
        }
        await flush();
      }
      progress.done();
      return { products, variants, path };
    },
  };
}

/**
 * Prices Shopify accepted, recorded a batch at a time (one statement for up to PAGE variants)
 * instead of one round trip per product. Only accepted prices are held: a price is recorded
 * after Shopify took it, never before. Dying before a flush only means those prices are sent
 * again next run (setting a price Shopify already has changes nothing).
 */
function acceptedPrices(state: Pick<PriceWrites, 'savePrices'>, ctx: StepContext) {
  let held: PriceChange[] = [];
  const flush = async () => {
    if (held.length === 0) return;
    const list = held;
    held = [];
    await state.savePrices(list);
    ctx.counter.add('price', 'updated', list.length);
  };
  return {
    hold(group: readonly PriceChange[]) {
      held.push(...group);
    },
    async add(group: readonly PriceChange[]) {
      held.push(...group);
      if (held.length >= PAGE) await flush();
    },
    /**
     * Runs `body`, then records what Shopify accepted during it, even when `body` threw (those
     * prices did reach Shopify). A failing save after a throw is logged, not thrown: the run
     * fails with the error that stopped it, and those prices are merely sent again next run.
     */
    async recording(body: () => Promise<void>) {
      try {
        await body();
      } catch (error) {
        await flush().catch((saveError: unknown) => {
          ctx.logger.error(
            { err: saveError },
            `saving the prices Shopify accepted failed as well (they are sent again next run): ${String(saveError)}`,
          );
        });
        throw error;
      }
      await flush();
    },
  };
}

/**
 * The variants of a price group that Shopify says do not exist: productVariantsBulkUpdate's
 * PRODUCT_VARIANT_DOES_NOT_EXIST ("Product variant does not exist", 2026-10 schema) on
 * `variants.<index>.id`, the index being the variant's place in the group.
 */
export function deletedVariants(
  group: readonly PriceChange[],
  errors: readonly { readonly field: string | null; readonly code: string | null }[],
): string[] {
  return errors.flatMap((e) => {
    const index =
      e.code === 'PRODUCT_VARIANT_DOES_NOT_EXIST' && /^variants\.(\d+)/.exec(e.field ?? '');
    const g = index ? group[Number(index[1])] : undefined;
    return g ? [g.variantExternalId] : [];
  });
}
