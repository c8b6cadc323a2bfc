import type { FieldError, WriteResult } from '../../../src/domain/model/catalog-write.js';
import type { Publications } from '../../../src/domain/ports/publications.js';

/**
 * Shopify's publications, in memory: `refused` maps a resource id to the errors Shopify answers
 * for it (default: published), by mutation or bulk line alike; every publishing is kept.
 */
export function createFakePublications(
  byName: Readonly<Record<string, string>> = { 'Online Store': 'gid://shopify/Publication/1' },
  refused: Readonly<Record<string, readonly FieldError[]>> = {},
) {
  const published: { resourceId: string; publicationIds: string[] }[] = [];
  /** Bulk publish files staged, in order (their lines are published when the result is read). */
  const bulkFiles: { productIds: string[]; publicationIds: string[] }[] = [];
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
    async startBulkPublish(productIds, publicationIds) {
      const ids: string[] = [];
      for await (const id of productIds) ids.push(id);
      bulkFiles.push({ productIds: ids, publicationIds: [...publicationIds] });
      return { operationId: `gid://shopify/BulkOperation/${bulkFiles.length}`, lines: ids.length };
    },
    // The last file staged, answered line by line as `refused` says.
    async *bulkPublishResults() {
      const file = bulkFiles[bulkFiles.length - 1];
      for (const [lineNumber, id] of (file?.productIds ?? []).entries()) {
        const errors = refused[id];
        if (errors) yield { lineNumber, result: { ok: false, errors: [...errors] } };
        else {
          published.push({ resourceId: id, publicationIds: file?.publicationIds ?? [] });
          yield { lineNumber, result: { ok: true, value: undefined } };
        }
      }
    },
  };
  return { publications, published, bulkFiles };
}
