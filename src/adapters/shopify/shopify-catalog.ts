import { chunks } from '../../domain/chunks.js';
import { UpstreamError } from '../../domain/errors.js';
import type { Logger } from '../../domain/ports/logger.js';
import {
  VARIANT_LIMIT,
  type BulkProductResult,
  type FieldError,
  type ProductDraft,
  type ShopifyCatalog,
  type UpsertedProduct,
  type VariantBySku,
  type VariantPrice,
  type WriteResult,
} from '../../domain/ports/shopify-catalog.js';
import { abortableSleep } from '../../infra/abortable-sleep.js';
import * as doc from './documents.js';
import { destroyedSince } from './destroy-events.js';
import { list, obj, pageInfo, str, type Obj } from './graphql-values.js';
import { readResultLine } from './bulk/result-lines.js';
import type { BulkPolling } from './bulk/poll.js';
import { createShopifyBulk } from './bulk/shopify-bulk.js';
import {
  productSetCost,
  productSetRounds,
  toFieldErrors,
  toProductSetVariables,
  toUpsertResult,
  validateDraft,
  VARIANT_PAGE,
} from './product-set-input.js';
import type { CustomIdKey } from './product-set-input.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

/** Title of the collection source ("inclusion selections") this job owns in each collection. */
export const MANAGED_SOURCE_TITLE = 'integration-service';
const CHUNK = 250;
const OWNER_TYPES = ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION'] as const;

export interface ShopifyCatalogOptions {
  readonly client: ShopifyGraphqlClient;
  readonly logger: Logger;
  readonly customId: CustomIdKey;
  /** Transport for staged uploads and bulk result downloads (not Shopify's API host). */
  readonly fetch?: typeof fetch;
  /** Asynchronous collection job polling interval (default 2 s). */
  readonly pollIntervalMs?: number;
  /** Bounds of the bulk operations' poll policy (bulk/poll.ts); tests shorten them. */
  readonly bulkPolling?: Partial<BulkPolling>;
  /** Longest wait for one asynchronous collection job (default 10 minutes). */
  readonly jobTimeoutMs?: number;
}

/** SKUs per productVariants search: a short query string, and usually one page of answers. */
const SKUS_PER_QUERY = 25;

/** `sku:"A" OR sku:"B"`: quoted, with quotes and backslashes escaped by a backslash. */
export function skuQuery(skus: readonly string[]): string {
  return skus.map((x) => `sku:"${x.replace(/[\\"]/g, '\\$&')}"`).join(' OR ');
}

function toVariantBySku(node: unknown): VariantBySku | null {
  const n = obj(node);
  const product = obj(n['product']);
  const variantId = str(n['id']);
  const productId = str(product['id']);
  const sku = str(n['sku']);
  if (!variantId || !productId || sku === null) return null;
  return {
    variantId,
    sku,
    externalId: str(obj(n['metafield'])['value']),
    product: {
      id: productId,
      title: str(product['title']) ?? '',
      externalId: str(obj(product['metafield'])['value']),
      variantCount: Number(obj(product['variantsCount'])['count'] ?? 0) || 0,
    },
  };
}

function result<T>(errors: FieldError[], value: T): WriteResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * One line of a bulk productSet result file → BulkProductResult. The external id is read back
 * from the product's custom id; a line whose product was not saved has none (''), and callers
 * match it by `lineNumber` to the draft they streamed (same order).
 */
export function toBulkProductResult(
  line: string,
  index: number,
): BulkProductResult & { readonly moreVariants: boolean } {
  const { lineNumber, data, errors } = readResultLine(line, index);
  const payload = obj(data['productSet']);
  const product = obj(payload['product']);
  const externalId = str(obj(product['metafield'])['value']) ?? '';
  // More than 250 variants: the line holds the first page only (the rest is read by query).
  const moreVariants = obj(obj(product['variants'])['pageInfo'])['hasNextPage'] === true;
  if (errors.length > 0)
    return { lineNumber, externalId, moreVariants, result: { ok: false, errors } };
  return { lineNumber, externalId, moreVariants, result: toUpsertResult(payload) };
}

async function* map<T, U>(items: AsyncIterable<T>, f: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield f(item);
}

const toVariantPriceInput = (p: VariantPrice): Obj => ({
  id: p.variantId,
  price: p.price,
  compareAtPrice: p.compareAtPrice,
});

/** One line of a bulk price result file. */
export function toBulkPriceResult(
  line: string,
  index: number,
): { lineNumber: number; result: WriteResult<void> } {
  const { lineNumber, data, errors } = readResultLine(line, index);
  const userErrors =
    errors.length > 0
      ? errors
      : toFieldErrors(obj(data['productVariantsBulkUpdate'])['userErrors']);
  return { lineNumber, result: result(userErrors, undefined) };
}

export function createShopifyCatalog(options: ShopifyCatalogOptions): ShopifyCatalog {
  const { client, customId } = options;
  const log = options.logger.child({ component: 'shopify-catalog' });
  const bulk = createShopifyBulk({
    client,
    logger: options.logger,
    fetch: options.fetch,
    polling: options.bulkPolling,
  });
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
  const customIdOf = (value: string): Obj => ({
    customId: { namespace: customId.namespace, key: customId.key, value },
  });
  const customIdMetafield = (value: string): Obj => ({
    namespace: customId.namespace,
    key: customId.key,
    type: 'id',
    value,
  });

  const sourceIdOf = async (
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

  /** Every variant id of a product, 250 a page (after the write of a large product). */
  const allVariantIds = async (
    productId: string,
    sent: Pick<ProductDraft, 'variants'>,
    signal?: AbortSignal,
  ): Promise<Record<string, string>> => {
    const byGid = new Map(
      sent.variants.flatMap((v) =>
        v.shopifyId === undefined ? [] : [[v.shopifyId, v.externalId] as const],
      ),
    );
    const ids: Record<string, string> = {};
    let after: string | null = null;
    do {
      const data: Obj = await client.request<Obj>(
        doc.PRODUCT_VARIANTS_PAGE,
        { id: productId, after, ...customId },
        { signal },
      );
      const page = obj(obj(data['product'])['variants']);
      for (const node of list(page['nodes'])) {
        const id = str(obj(node)['id']);
        const externalId = str(obj(obj(node)['metafield'])['value']) ?? (id ? byGid.get(id) : null);
        if (id && externalId) ids[externalId] = id;
      }
      const info = pageInfo(page['pageInfo']);
      after = info.hasNextPage ? info.endCursor : null;
    } while (after !== null);
    return ids;
  };

  return {
    async ensureCustomIdDefinitions(signal, opts) {
      const missing: string[] = [];
      for (const ownerType of OWNER_TYPES) {
        const vars = { ownerType, namespace: customId.namespace, key: customId.key };
        const found = await client.request<Obj>(doc.CUSTOM_ID_DEFINITION_QUERY, vars, { signal });
        const nodes = obj(found['metafieldDefinitions'])['nodes'];
        const existing = Array.isArray(nodes) ? obj(nodes[0]) : {};
        if (existing['id']) {
          const type = str(obj(existing['type'])['name']);
          if (type !== 'id') {
            throw new UpstreamError(
              'shopify',
              `metafield ${customId.namespace}.${customId.key} on ${ownerType} has type ${type}, not id`,
              {
                retryable: false,
                hint: 'choose another SHOPIFY custom id namespace/key or remove the conflicting definition',
              },
            );
          }
          continue;
        }
        missing.push(ownerType);
        if (opts?.dryRun) continue;
        const created = await client.request<Obj>(
          doc.CUSTOM_ID_DEFINITION_CREATE,
          {
            definition: {
              name: 'External ID (API X)',
              namespace: customId.namespace,
              key: customId.key,
              ownerType,
              type: 'id',
              // In an app-owned namespace ($app...) the merchant can be kept to reading: a
              // cleared custom id would make the next run create a duplicate. "Admin access can
              // only be specified for app-owned metafield definitions" (ADMIN_ACCESS_INPUT_NOT_ALLOWED).
              ...(customId.namespace.startsWith('$app')
                ? { access: { admin: 'MERCHANT_READ' } }
                : {}),
            },
          },
          { signal },
        );
        const errors = toFieldErrors(obj(created['metafieldDefinitionCreate'])['userErrors']);
        if (errors.some((e) => e.code === 'UNSTRUCTURED_ALREADY_EXISTS'))
          throw new UpstreamError(
            'shopify',
            `cannot create the custom id definition ${customId.namespace}.${customId.key} on ${ownerType}: metafields without a definition already use that namespace and key (UNSTRUCTURED_ALREADY_EXISTS); nothing was synced`,
            {
              retryable: false,
              hint: 'set SHOPIFY_CUSTOM_ID_NAMESPACE/SHOPIFY_CUSTOM_ID_KEY to a free namespace and key (an app-owned one such as $app is best), or remove those metafields first; `doctor` names the owner types',
            },
          );
        // TAKEN: another run created it between our read and our write; that is the goal anyway.
        if (errors.length > 0 && !errors.every((e) => e.code === 'TAKEN')) {
          throw new UpstreamError(
            'shopify',
            `cannot create the custom id definition on ${ownerType}: ${errors.map((e) => e.message).join('; ')}`,
            { retryable: false },
          );
        }
        log.info({ ownerType }, 'custom id metafield definition created');
      }
      return missing;
    },

    async shopVariants(signal) {
      const data = await client.request<Obj>(doc.SHOP_VARIANTS_QUERY, {}, { signal });
      const count = Number(obj(data['productVariantsCount'])['count']);
      if (!Number.isFinite(count))
        throw new UpstreamError('shopify', 'no productVariantsCount in the answer', {
          retryable: true,
        });
      return { variants: count, plus: obj(obj(data['shop'])['plan'])['shopifyPlus'] === true };
    },

    async shopMoneySettings(signal) {
      const data = await client.request<Obj>(doc.SHOP_MONEY_QUERY, {}, { signal });
      const shop = obj(data['shop']);
      const currencyCode = str(shop['currencyCode']);
      if (!currencyCode)
        throw new UpstreamError('shopify', 'shop has no currency code', { retryable: false });
      const enabled = shop['enabledPresentmentCurrencies'];
      return {
        currencyCode,
        enabledPresentmentCurrencies: Array.isArray(enabled)
          ? enabled.filter((c): c is string => typeof c === 'string')
          : [],
      };
    },

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
      return result(toFieldErrors(obj(data['publishablePublish'])['userErrors']), undefined);
    },

    async upsertCollection(draft, signal) {
      const found = await client.request<Obj>(
        doc.COLLECTION_BY_CUSTOM_ID_QUERY,
        { identifier: customIdOf(draft.externalId) },
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
        return result(errors, { collectionId: existingId });
      }
      const data = await client.request<Obj>(
        doc.COLLECTION_CREATE,
        {
          collection: {
            ...fields,
            metafields: [customIdMetafield(draft.externalId)],
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
      return result(errors, undefined);
    },

    async upsertProduct(draft, signal) {
      const invalid = validateDraft(draft);
      if (invalid.length > 0) return { ok: false, errors: invalid };
      // Usually one productSet; a product too large for one request's cost goes in rounds,
      // each round's new variants sent by id in the next (productSetRounds).
      let known: Readonly<Record<string, string>> = {};
      let written: WriteResult<UpsertedProduct> | null = null;
      for (const round of productSetRounds(draft)) {
        const sent = {
          ...round,
          variants: round.variants.map((v) => {
            const id = v.shopifyId ?? known[v.externalId];
            return id === undefined ? v : { ...v, shopifyId: id };
          }),
        };
        const inline = sent.variants.length <= VARIANT_PAGE;
        let data: Obj;
        try {
          data = await client.request<Obj>(
            doc.PRODUCT_SET,
            {
              ...toProductSetVariables(sent, customId),
              ...customId,
              variantsFirst: inline ? Math.max(1, sent.variants.length) : 1,
            },
            { signal, estimatedCost: productSetCost(sent) },
          );
        } catch (e) {
          // The daily variant limit refuses this product, not the run: a value, not a throw.
          if (e instanceof UpstreamError && e.code === VARIANT_LIMIT)
            return {
              ok: false,
              errors: [{ field: 'variants', message: e.message, code: VARIANT_LIMIT }],
            };
          throw e;
        }
        written = toUpsertResult(data['productSet'], sent);
        if (!written.ok) return written;
        if (!inline) {
          const variantIds = await allVariantIds(written.value.productId, sent, signal);
          written = { ok: true, value: { productId: written.value.productId, variantIds } };
        }
        known = written.value.variantIds;
      }
      return (
        written ?? { ok: false, errors: [{ field: null, message: 'nothing sent', code: null }] }
      );
    },

    async variantsOfProduct(productExternalId, signal) {
      const found = new Map<string, string>();
      let after: string | null = null;
      do {
        const data: Obj = await client.request<Obj>(
          doc.PRODUCT_VARIANTS_BY_CUSTOM_ID_QUERY,
          {
            identifier: customIdOf(productExternalId),
            namespace: customId.namespace,
            key: customId.key,
            after,
          },
          { signal },
        );
        const variants = obj(obj(data['productByIdentifier'])['variants']);
        for (const node of list(variants['nodes'])) {
          const id = str(obj(node)['id']);
          const externalId = str(obj(obj(node)['metafield'])['value']);
          if (id && externalId) found.set(externalId, id);
        }
        const info = pageInfo(variants['pageInfo']);
        after = info.hasNextPage ? info.endCursor : null;
      } while (after !== null);
      return found;
    },

    async variantsBySku(skus, signal) {
      const wanted = new Set(skus.filter((x) => x !== '').map((x) => x.toLowerCase()));
      const found = new Map<string, VariantBySku>();
      for (const batch of chunks([...wanted], SKUS_PER_QUERY)) {
        let after: string | null = null;
        do {
          const data: Obj = await client.request<Obj>(
            doc.VARIANTS_BY_SKU_QUERY,
            { query: skuQuery(batch), ...customId, after },
            { signal },
          );
          const variants = obj(data['productVariants']);
          for (const node of list(variants['nodes'])) {
            const v = toVariantBySku(node);
            // Shopify's search may match more loosely than a whole SKU: only exact SKUs count.
            if (v && wanted.has(v.sku.toLowerCase())) found.set(v.variantId, v);
          }
          const info = pageInfo(variants['pageInfo']);
          after = info.hasNextPage ? info.endCursor : null;
        } while (after !== null);
      }
      return [...found.values()];
    },

    async adoptProduct(productId, externalId, variants, signal) {
      const entries = [
        { ownerId: productId, value: externalId },
        ...variants.map((v) => ({ ownerId: v.variantId, value: v.externalId })),
      ];
      const errors: FieldError[] = [];
      // The product's own id goes last: until it is there, productSet by custom id cannot find
      // the product, so an adoption cut short is simply tried again by the next run.
      for (const batch of chunks(entries.slice(1), 25).concat([entries.slice(0, 1)])) {
        const data = await client.request<Obj>(
          doc.METAFIELDS_SET,
          {
            metafields: batch.map((e) => ({
              ownerId: e.ownerId,
              namespace: customId.namespace,
              key: customId.key,
              type: 'id',
              value: e.value,
            })),
          },
          { signal },
        );
        errors.push(...toFieldErrors(obj(data['metafieldsSet'])['userErrors']));
        if (errors.length > 0) break;
      }
      return result(errors, undefined);
    },

    async releaseVariantCustomIds(variantIds, signal) {
      // 25 per call, as metafieldsSet allows; metafieldsDelete states no limit of its own.
      for (const ids of chunks(variantIds, 25)) {
        const data = await client.request<Obj>(
          doc.METAFIELDS_DELETE,
          {
            metafields: ids.map((ownerId) => ({
              ownerId,
              namespace: customId.namespace,
              key: customId.key,
            })),
          },
          { signal },
        );
        const errors = toFieldErrors(obj(data['metafieldsDelete'])['userErrors']);
        // A custom id that cannot be released makes the receiving product fail with "already
        // taken"; that failure is recorded on the product, so this one is only logged.
        if (errors.length > 0) log.warn({ variantIds: ids, errors }, 'custom ids not released');
      }
    },

    async setProductStatus(externalId, status, signal) {
      const found = await client.request<Obj>(
        doc.PRODUCT_BY_CUSTOM_ID_QUERY,
        { identifier: customIdOf(externalId) },
        { signal },
      );
      const existing = str(obj(found['productByIdentifier'])['id']);
      if (!existing)
        return {
          ok: false,
          errors: [
            {
              field: 'identifier',
              message: `no product with custom id ${externalId}`,
              code: 'NOT_FOUND',
            },
          ],
        };
      const data = await client.request<Obj>(
        doc.PRODUCT_STATUS_SET,
        { identifier: { id: existing }, input: { status } },
        { signal },
      );
      const payload = obj(data['productSet']);
      const errors = toFieldErrors(payload['userErrors']);
      return result(errors, { productId: str(obj(payload['product'])['id']) ?? existing });
    },

    async updateVariantPrices(productId, prices, signal) {
      const errors: FieldError[] = [];
      for (const [k, chunk] of chunks(prices, CHUNK).entries()) {
        const variants = chunk.map(toVariantPriceInput);
        const data = await client.request<Obj>(
          doc.VARIANT_PRICES_UPDATE,
          { productId, variants },
          { signal },
        );
        // Fields name the variant by its index in this chunk: made an index into `prices`.
        errors.push(
          ...toFieldErrors(obj(data['productVariantsBulkUpdate'])['userErrors']).map((e) => ({
            ...e,
            field:
              e.field?.replace(
                /^variants\.(\d+)/,
                (_, i: string) => `variants.${k * CHUNK + Number(i)}`,
              ) ?? null,
          })),
        );
      }
      return result(errors, undefined);
    },

    async *deletionEventsSince(since, signal) {
      // One search per type: the documented search syntax ANDs terms; an OR across subject
      // types is not shown anywhere, so it is not relied on.
      for (const subjectType of ['PRODUCT', 'COLLECTION'] as const) {
        for await (const subjectId of destroyedSince(client, subjectType, since, signal))
          yield { subjectType, subjectId };
      }
    },

    async existingCollections(collectionIds, signal) {
      const existing = new Set<string>();
      for (const ids of chunks(collectionIds, CHUNK)) {
        const data = await client.request<Obj>(doc.COLLECTIONS_EXIST_QUERY, { ids }, { signal });
        for (const node of list(data['nodes'])) {
          const id = str(obj(node)['id']);
          if (id) existing.add(id);
        }
      }
      return existing;
    },

    async *listSyncedProducts(signal) {
      const { operationId: id, url } = await bulk.runQuery(
        'synced products',
        doc.syncedProductsBulkQuery(customId.namespace, customId.key),
        'the next run lists the products again',
        signal,
      );
      if (!url) return; // no products at all
      let count = 0;
      for await (const { row } of bulk.exportRows(id, url, signal)) {
        const nodeId = str(row['id']);
        // A variant row names its product in __parentId (bulk export JSONL); ours or not.
        const parent = str(row['__parentId']);
        if (nodeId && parent) {
          yield { kind: 'variant', variantId: nodeId, productId: parent };
          continue;
        }
        const externalId = str(obj(row['metafield'])['value']);
        if (nodeId && externalId) {
          count += 1;
          yield { kind: 'product', productId: nodeId, externalId };
        }
      }
      log.info({ operationId: id, products: count }, 'synced products listed');
    },

    startBulkProductUpsert(drafts, signal) {
      return bulk.startMutation(
        doc.PRODUCT_SET_BULK,
        'product-set',
        map(drafts, (draft) => ({ ...toProductSetVariables(draft, customId), ...customId })),
        signal,
      );
    },

    startBulkPriceUpdate(lines, signal) {
      return bulk.startMutation(
        doc.VARIANT_PRICES_BULK,
        'variant-prices',
        map(lines, (l) => ({
          productId: l.productId,
          variants: l.prices.map(toVariantPriceInput),
        })),
        signal,
      );
    },

    bulkOperation: bulk.state,

    async waitForBulkOperation(operationId, options) {
      const op = await bulk.waitUntilDone(operationId, options.signal, options.onProgress);
      return { ...op, failure: bulk.failureOf(op, 'bulk operation', options.retryHint) };
    },

    async *bulkProductResults(url, signal) {
      for await (const { line, index } of bulk.resultLines(url, signal)) {
        const { moreVariants, ...line0 } = toBulkProductResult(line, index);
        if (!moreVariants || !line0.result.ok) {
          yield line0;
          continue;
        }
        const { productId } = line0.result.value;
        const variantIds = await allVariantIds(productId, { variants: [] }, signal);
        yield { ...line0, result: { ok: true, value: { productId, variantIds } } };
      }
    },

    async *bulkPriceResults(url, signal) {
      for await (const { line, index } of bulk.resultLines(url, signal))
        yield toBulkPriceResult(line, index);
    },

    usage: () => client.usage(),
  };
}
