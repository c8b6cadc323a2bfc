import type { FieldError } from '../../domain/model/catalog-write.js';
import type { Publications } from '../../domain/ports/publications.js';
import type { StepContext } from './step-context.js';

/** A product or collection Shopify has just written, to be published. */
export interface WrittenResource {
  readonly entity: 'category' | 'product';
  readonly externalId: string;
  /** Shopify's id of the product or collection. */
  readonly resourceId: string;
  /** What the run's error keeps to find it again. */
  readonly payload: unknown;
}

/**
 * Publishes a written product or collection (Shopify creates both unpublished). When publishing
 * fails the record is named in the run's errors and false is returned: the caller keeps it to be
 * published again next run (a collection is not saved as written; a product stays recorded as
 * unpublished, see publish-products.ts).
 */
export async function publishResource(
  ctx: StepContext,
  shopify: Pick<Publications, 'publish'>,
  written: WrittenResource,
  publicationIds: readonly string[],
): Promise<boolean> {
  const published = await shopify.publish(written.resourceId, publicationIds, ctx.signal);
  if (published.ok) return true;
  await recordNotPublished(ctx, written, published.errors);
  return false;
}

/** Names a written resource whose publishing Shopify refused (by mutation or bulk line alike). */
export async function recordNotPublished(
  ctx: StepContext,
  written: WrittenResource,
  errors: readonly FieldError[],
): Promise<void> {
  await ctx.recordError({
    entity: written.entity,
    externalId: written.externalId,
    field: 'publications',
    reason: `the ${written.entity === 'category' ? 'collection' : 'product'} was written but could not be published (retried next run): ${errors.map((e) => e.message).join('; ')}`,
    payload: written.payload,
  });
}
