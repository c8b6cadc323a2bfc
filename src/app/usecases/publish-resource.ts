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
 * fails the record is named in the run's errors and false is returned: the caller does not save it
 * as written, so the next run finds it by custom id, writes it again and publishes it again.
 */
export async function publishResource(
  ctx: StepContext,
  shopify: Pick<Publications, 'publish'>,
  written: WrittenResource,
  publicationIds: readonly string[],
): Promise<boolean> {
  const published = await shopify.publish(written.resourceId, publicationIds, ctx.signal);
  if (published.ok) return true;
  await ctx.recordError({
    entity: written.entity,
    externalId: written.externalId,
    field: 'publications',
    reason: `the ${written.entity === 'category' ? 'collection' : 'product'} was written but could not be published (retried next run): ${published.errors.map((e) => e.message).join('; ')}`,
    payload: written.payload,
  });
  return false;
}
