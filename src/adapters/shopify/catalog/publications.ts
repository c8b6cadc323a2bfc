import type { WriteResult } from '../../../domain/model/catalog-write.js';
import type { Publications } from '../../../domain/ports/publications.js';
import * as doc from './publication-documents.js';
import { readMutationResultLine } from '../bulk/result-lines.js';
import type { ShopifyBulk } from '../bulk/shopify-bulk.js';
import { list, obj, pageInfo, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import { writeResult, type ShopifyCatalogOptions } from './catalog-options.js';

/** One line of a bulk publish result file: the line's own errors, else publishablePublish's userErrors. */
export function toBulkPublishResult(
  line: string,
  index: number,
): { lineNumber: number; result: WriteResult<void> } {
  const { lineNumber, errors } = readMutationResultLine(line, index, 'publishablePublish');
  return { lineNumber, result: writeResult(errors, undefined) };
}

export function createPublications(
  options: Pick<ShopifyCatalogOptions, 'client'>,
  bulk: Pick<ShopifyBulk, 'startMutation' | 'resultLines'>,
): Publications {
  const { client } = options;
  return {
    async publicationsByName(signal) {
      const byName = new Map<string, string>();
      let after: string | null = null;
      do {
        const data: Obj = await client.request<Obj>(doc.PUBLICATIONS_QUERY, { after }, { signal });
        const page = obj(data['publications']);
        for (const node of list(page['nodes'])) {
          const id = str(obj(node)['id']);
          const title = str(obj(obj(node)['catalog'])['title']);
          if (id && title && !byName.has(title)) byName.set(title, id);
        }
        const info = pageInfo(page['pageInfo']);
        after = info.hasNextPage ? info.endCursor : null;
      } while (after !== null);
      return byName;
    },

    async publish(resourceId, publicationIds, signal) {
      if (publicationIds.length === 0) return { ok: true, value: undefined };
      const data = await client.request<Obj>(
        doc.PUBLISHABLE_PUBLISH,
        { id: resourceId, input: publicationIds.map((publicationId) => ({ publicationId })) },
        { signal },
      );
      return writeResult(toFieldErrors(obj(data['publishablePublish'])['userErrors']), undefined);
    },

    startBulkPublish(productIds, publicationIds, signal) {
      const input = publicationIds.map((publicationId) => ({ publicationId }));
      async function* lines(): AsyncGenerator<Obj> {
        for await (const id of productIds) yield { id, input };
      }
      return bulk.startMutation(doc.PUBLISHABLE_PUBLISH_BULK, 'publish', lines(), signal);
    },

    async *bulkPublishResults(url, signal) {
      for await (const { line, index } of bulk.resultLines(url, signal))
        yield toBulkPublishResult(line, index);
    },
  };
}
