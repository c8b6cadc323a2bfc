import { chunks } from '../../../domain/chunks.js';
import { UpstreamError } from '../../../domain/errors.js';
import type { FieldError } from '../../../domain/model/catalog-write.js';
import type { ShopifyCollections } from '../../../domain/ports/shopify-collections.js';
import { abortableSleep } from '../../../infra/abortable-sleep.js';
import * as doc from './collection-documents.js';
import { obj, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import {
  CHUNK,
  customIdMetafield,
  customIdOf,
  writeResult,
  type ShopifyCatalogOptions,
} from './catalog-options.js';

/** Title of the collection source ("inclusion selections") this job owns in each collection. */
export const MANAGED_SOURCE_TITLE = 'integration-service';

export function createShopifyCollections(options: ShopifyCatalogOptions): ShopifyCollections {
  const { client, customId } = options;
  const pollMs = options.pollIntervalMs ?? 2000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 600_000;

  /**
   * collectionUpdate, then, when Shopify answers with a job that is not done, polls it until
   * done: a membership is only recorded once Shopify has applied it.
   */
  const updateCollection = async (collection: Obj, signal?: AbortSignal): Promise<FieldError[]> => {
    const data = await client.request<Obj>(doc.COLLECTION_UPDATE, { collection }, { signal });
    const payload = obj(data['collectionUpdate']);
    const errors = toFieldErrors(payload['userErrors']);
    let job = obj(payload['job']);
    const jobId = str(job['id']);
    if (errors.length > 0 || !jobId) return errors;
    const started = Date.now();
    while (job['done'] !== true) {
      if (Date.now() - started > jobTimeoutMs)
        throw new UpstreamError(
          'shopify',
          `collection job ${jobId} not done after ${Math.round(jobTimeoutMs / 1000)} s`,
          {
            retryable: true,
            hint: 'Shopify is slow to apply collection changes; the next run checks again',
          },
        );
      await abortableSleep(pollMs, signal);
      const polled = await client.request<Obj>(doc.JOB_QUERY, { id: jobId }, { signal });
      job = obj(polled['job']);
      if (!str(job['id']))
        throw new UpstreamError('shopify', `collection job ${jobId} vanished`, { retryable: true });
    }
    return errors;
  };
  // Our source's id per collection, found once: a membership change would otherwise read the
  // collection's sources before every chunk. Forgotten when a change is refused (the source may
  // have been deleted by hand), so the next change looks again.
  const knownSources = new Map<string, string>();
  const sourceIdOf = async (
    collectionId: string,
    signal?: AbortSignal,
  ): Promise<string | FieldError[]> => {
    const known = knownSources.get(collectionId);
    if (known) return known;
    const found = await findOrAddSource(collectionId, signal);
    if (typeof found === 'string') knownSources.set(collectionId, found);
    return found;
  };
  const findOrAddSource = async (
    collectionId: string,
    signal?: AbortSignal,
  ): Promise<string | FieldError[]> => {
    const find = async (): Promise<string | null | undefined> => {
      const data = await client.request<Obj>(
        doc.COLLECTION_SOURCES_QUERY,
        { id: collectionId },
        { signal },
      );
      const collection = data['collection'];
      if (!collection) return undefined;
      const sources = obj(collection)['sources'];
      const mine = (Array.isArray(sources) ? sources : [])
        .map(obj)
        .find((s) => s['title'] === MANAGED_SOURCE_TITLE);
      return str(mine?.['id']);
    };
    const found = await find();
    if (found === undefined)
      return [
        {
          field: 'collectionId',
          message: `collection ${collectionId} does not exist`,
          code: 'NOT_FOUND',
        },
      ];
    if (found) return found;
    // A collection made before this job managed it (or by hand): give it our own source.
    const errors = await updateCollection(
      {
        id: collectionId,
        sourcesToCreate: [
          { source: { title: MANAGED_SOURCE_TITLE, inclusion: { selections: [] } } },
        ],
      },
      signal,
    );
    if (errors.length > 0) return errors;
    return (
      (await find()) ?? [
        { field: 'sources', message: 'Shopify did not keep the new collection source', code: null },
      ]
    );
  };

  return {
    async upsertCollection(draft, signal) {
      const found = await client.request<Obj>(
        doc.COLLECTION_BY_CUSTOM_ID_QUERY,
        { identifier: customIdOf(customId, draft.externalId) },
        { signal },
      );
      const existingId = str(obj(found['collectionByIdentifier'])['id']);
      const fields = {
        title: draft.title,
        descriptionHtml: draft.descriptionHtml,
        ...(draft.handle === undefined ? {} : { handle: draft.handle }),
      };
      if (existingId) {
        const errors = await updateCollection({ id: existingId, ...fields }, signal);
        return writeResult(errors, { collectionId: existingId });
      }
      const data = await client.request<Obj>(
        doc.COLLECTION_CREATE,
        {
          collection: {
            ...fields,
            metafields: [customIdMetafield(customId, draft.externalId)],
            sources: [{ source: { title: MANAGED_SOURCE_TITLE, inclusion: { selections: [] } } }],
          },
        },
        { signal },
      );
      const payload = obj(data['collectionCreate']);
      const errors = toFieldErrors(payload['userErrors']);
      const collectionId = str(obj(payload['collection'])['id']);
      if (errors.length > 0 || !collectionId)
        return {
          ok: false,
          errors: errors.length
            ? errors
            : [{ field: null, message: 'Shopify returned no collection', code: null }],
        };
      return { ok: true, value: { collectionId } };
    },

    async changeCollectionMembers(collectionId, add, remove, signal) {
      if (add.length === 0 && remove.length === 0) return { ok: true, value: undefined };
      const sourceId = await sourceIdOf(collectionId, signal);
      if (typeof sourceId !== 'string') return { ok: false, errors: sourceId };
      const ops = [
        ...add.map((productId) => ({ productId, add: true })),
        ...remove.map((productId) => ({ productId, add: false })),
      ];
      const errors: FieldError[] = [];
      for (const chunk of chunks(ops, CHUNK)) {
        const inclusion = {
          selectionsToAdd: chunk.filter((o) => o.add).map((o) => ({ productId: o.productId })),
          selectionsToRemove: chunk.filter((o) => !o.add).map((o) => ({ productId: o.productId })),
        };
        errors.push(
          ...(await updateCollection(
            { id: collectionId, sourcesToUpdate: [{ condition: { id: sourceId, inclusion } }] },
            signal,
          )),
        );
      }
      if (errors.length > 0) knownSources.delete(collectionId);
      return writeResult(errors, undefined);
    },
  };
}
