import type { FieldError, WriteResult } from '../../../src/domain/model/catalog-write.js';
import type { Publications } from '../../../src/domain/ports/publications.js';

/**
 * Shopify's publications, in memory: `refused` maps a resource id to the errors Shopify answers
 * for it (default: published); every publish call is kept.
 */
export function createFakePublications(
  byName: Readonly<Record<string, string>> = { 'Online Store': 'gid://shopify/Publication/1' },
  refused: Readonly<Record<string, readonly FieldError[]>> = {},
) {
  const published: { resourceId: string; publicationIds: string[] }[] = [];
  const publications: Publications = {
    async publicationsByName() {
      return new Map(Object.entries(byName));
    },
    async publish(resourceId, publicationIds): Promise<WriteResult<void>> {
      const errors = refused[resourceId];
      if (errors) return { ok: false, errors };
      published.push({ resourceId, publicationIds: [...publicationIds] });
      return { ok: true, value: undefined };
    },
  };
  return { publications, published };
}
