import { GraphQLError } from 'graphql';
import { connectionOf, sortByKey, type PageArgs, type SortKey } from './connection.js';
import type { SimContext } from './context.js';
import { gid, parseGid, splitGid } from './gid.js';
import { replaceMetafields, type MetafieldInput } from './metafields.js';
import {
  productSet,
  productSetTarget,
  type ProductSetIdentifiers,
  type ProductSetInput,
} from './product-set.js';
import { searchFilter, type FieldReader } from './search-query.js';
import {
  DEFAULT_NAMESPACE,
  customIdKey,
  idDefinition,
  reindexCustomIds,
  removeCollection,
  removeProduct,
  slugify,
  uniqueHandle,
  type CollectionRecord,
  type ProductRecord,
  type SourceRecord,
  type VariantRecord,
  type DeletionEventRecord,
} from './store.js';
import { tooLongError } from './text-limits.js';
import { normaliseMoney, userError, type UserError } from './user-error.js';
import { inventoryNode } from './inventory.js';
import { fulfillmentNode } from './fulfillments.js';
import { collectionView, definitionView, productView, variantView } from './views.js';
import { orderView, readable } from './orders.js';

const SUBJECT_GID_TYPES: Record<DeletionEventRecord['subjectType'], string> = {
  PRODUCT: 'Product',
  COLLECTION: 'Collection',
  ORDER: 'Order',
};

type Identifier = {
  id?: string | null;
  handle?: string | null;
  customId?: { namespace?: string | null; key: string; value: string } | null;
};

const PRODUCT_FIELDS: Record<string, FieldReader<ProductRecord>> = {
  handle: { kind: 'string', read: (p) => p.handle },
  title: { kind: 'string', read: (p) => p.title },
  status: { kind: 'string', read: (p) => p.status },
  vendor: { kind: 'string', read: (p) => p.vendor },
  product_type: { kind: 'string', read: (p) => p.productType },
  updated_at: { kind: 'date', read: (p) => p.updatedAt },
  created_at: { kind: 'date', read: (p) => p.createdAt },
  id: { kind: 'number', read: (p) => p.num },
};

/**
 * Filters of `productVariants(query:)` the simulator follows (2026-10 schema, the argument's
 * table): `sku` ("Filter by the product variant sku field"), `barcode`, `product_id`, `id`,
 * `updated_at`. Matching is whole-value and case-insensitive: stricter than a tokenising search
 * would be, and the caller checks the SKUs it gets back anyway.
 */
const VARIANT_FIELDS: Record<string, FieldReader<VariantRecord>> = {
  sku: { kind: 'string', read: (v) => v.sku },
  barcode: { kind: 'string', read: (v) => v.barcode },
  product_id: { kind: 'number', read: (v) => v.productNum },
  id: { kind: 'number', read: (v) => v.num },
  updated_at: { kind: 'date', read: (v) => v.updatedAt },
};

const PRODUCT_SORT: Record<string, (p: ProductRecord) => SortKey> = {
  ID: (p) => [p.num],
  TITLE: (p) => [p.title, p.num],
  UPDATED_AT: (p) => [p.updatedAt, p.num],
  CREATED_AT: (p) => [p.createdAt, p.num],
};

/** Ids that are 'id'-type metafield custom ids accepted by *ByIdentifier lookups. */
function byIdentifier<T>(
  ctx: SimContext,
  owner: 'PRODUCT' | 'COLLECTION',
  identifier: Identifier,
  byNum: (n: number) => T | undefined,
  byHandle: (h: string) => T | undefined,
  type: string,
): T | null {
  if (identifier.id) {
    const num = parseGid(identifier.id, type);
    return num === null ? null : (byNum(num) ?? null);
  }
  if (identifier.handle) return byHandle(identifier.handle) ?? null;
  if (identifier.customId) {
    const { key, value } = identifier.customId;
    const num = ctx.store.customIds.get(
      customIdKey(owner, identifier.customId.namespace ?? DEFAULT_NAMESPACE, key, value),
    );
    return num === undefined ? null : (byNum(num) ?? null);
  }
  return null;
}

function findProduct(ctx: SimContext, id: string): ProductRecord | undefined {
  const num = parseGid(id, 'Product');
  return num === null ? undefined : ctx.store.products.get(num);
}

function findCollection(
  ctx: SimContext,
  id: string | null | undefined,
): CollectionRecord | undefined {
  const num = parseGid(id, 'Collection');
  return num === null ? undefined : ctx.store.collections.get(num);
}

/** The root value for `node`/`nodes`: any GID the simulator knows. */
function nodeById(ctx: SimContext, id: string): Record<string, unknown> | null {
  const { type, num } = splitGid(id);
  switch (type) {
    case 'Product': {
      const p = ctx.store.products.get(num);
      return p ? productView(p, ctx) : null;
    }
    case 'ProductVariant': {
      const v = ctx.store.variants.get(num);
      return v ? variantView(v, ctx) : null;
    }
    case 'Collection': {
      const c = ctx.store.collections.get(num);
      return c ? collectionView(c, ctx) : null;
    }
    case 'Order': {
      const o = ctx.orders.get(id);
      return o && readable(ctx)(o) ? orderView(o, ctx) : null;
    }
    case 'BulkOperation': {
      const op = ctx.bulk.get(id);
      return op ? ctx.bulk.view(op) : null;
    }
    case 'MetafieldDefinition': {
      const d = ctx.store.definitions.get(num);
      return d ? definitionView(d) : null;
    }
    default:
      return (inventoryNode(ctx, type, num) ??
        fulfillmentNode(ctx.fulfillments, ctx, type, num) ??
        null) as Record<string, unknown> | null;
  }
}

/** Product ids of collection source selections; unknown products are user errors. */
function selectedProducts(
  ctx: SimContext,
  selections: readonly { productId: string }[] | null | undefined,
  path: readonly (string | number)[],
  errors: UserError[],
): number[] {
  const nums: number[] = [];
  (selections ?? []).forEach((s, i) => {
    const p = findProduct(ctx, s.productId);
    if (!p)
      errors.push(
        userError([...path, i, 'productId'], `Product '${s.productId}' does not exist`, null),
      );
    else if (!nums.includes(p.num)) nums.push(p.num);
  });
  return nums;
}

/** A new source as collectionCreate's `sources` and collectionUpdate's `sourcesToCreate` give it. */
interface NewSourceInput {
  source?: {
    title: string;
    inclusion?: { selections?: { productId: string }[] | null } | null;
  } | null;
}

/**
 * Records for new conditions sources, taking their next ids in input order. Only conditions
 * sources are simulated, so any other kind is a user error at `[...path, i]`.
 */
function newConditionsSources(
  ctx: SimContext,
  inputs: readonly NewSourceInput[] | null | undefined,
  path: readonly (string | number)[],
  errors: UserError[],
): SourceRecord[] {
  const sources: SourceRecord[] = [];
  (inputs ?? []).forEach((src, i) => {
    if (!src.source) return void errors.push(unsupportedSource([...path, i]));
    const productNums = selectedProducts(
      ctx,
      src.source.inclusion?.selections,
      [...path, i, 'source', 'inclusion', 'selections'],
      errors,
    );
    sources.push({ num: ctx.store.nextId(), title: src.source.title, productNums });
  });
  return sources;
}

function unsupportedSource(path: readonly (string | number)[]): UserError {
  return userError(path, 'Only conditions sources are supported by the simulator.', null);
}

/** The attributes each collection argument carries, whichever mutation takes it. */
interface CollectionFieldsInput {
  title?: string | null;
  handle?: string | null;
  descriptionHtml?: string | null;
  sortOrder?: string | null;
  metafields?: MetafieldInput[] | null;
}

interface CollectionCreateArgs {
  collection?:
    (CollectionFieldsInput & { title: string; sources?: NewSourceInput[] | null }) | null;
  input?: (CollectionFieldsInput & { products?: string[] | null }) | null;
}

interface CollectionUpdateArgs {
  collection?:
    | (CollectionFieldsInput & {
        id?: string | null;
        sourcesToCreate?: NewSourceInput[] | null;
        sourcesToDelete?: string[] | null;
        sourcesToUpdate?:
          | {
              condition?: {
                id: string;
                title?: string | null;
                inclusion?: {
                  selectionsToAdd?: { productId: string }[] | null;
                  selectionsToRemove?: { productId: string }[] | null;
                } | null;
              } | null;
            }[]
          | null;
      })
    | null;
  input?: (CollectionFieldsInput & { id?: string | null }) | null;
}

function collectionHandleTaken(ctx: SimContext, handle: string, except: number | null): boolean {
  for (const c of ctx.store.collections.values())
    if (c.handle === handle && c.num !== except) return true;
  return false;
}

/** The user error for a requested handle another collection than `except` already has. */
function handleTakenError(
  ctx: SimContext,
  arg: string,
  handle: string | null | undefined,
  except: number | null,
): UserError | null {
  if (!handle || !collectionHandleTaken(ctx, handle, except)) return null;
  return userError([arg, 'handle'], `Handle '${handle}' has already been taken`, null);
}

type CollectionArgument<C, I> =
  | { ok: true; arg: 'collection'; fields: C }
  | { ok: true; arg: 'input'; fields: I }
  | { ok: false; error: UserError };

/**
 * collectionCreate and collectionUpdate take the current `collection` argument or the
 * deprecated `input` one; Shopify refuses both or neither.
 */
function collectionArgument<C, I>(args: {
  collection?: C | null;
  input?: I | null;
}): CollectionArgument<C, I> {
  if (args.collection) {
    if (args.input) return { ok: false, error: bothOrNeither() };
    return { ok: true, arg: 'collection', fields: args.collection };
  }
  if (!args.input) return { ok: false, error: bothOrNeither() };
  return { ok: true, arg: 'input', fields: args.input };
}

function bothOrNeither(): UserError {
  return userError(null, 'Exactly one of `collection` or `input` must be provided.', null);
}

/** Upserts metafields by namespace/key (productUpdate-style, unlike productSet's replace). */
function mergeMetafieldInputs(
  existing: CollectionRecord['metafields'],
  inputs: readonly MetafieldInput[],
): MetafieldInput[] {
  const merged: MetafieldInput[] = (existing ?? []).map((m) => ({
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
  }));
  for (const m of inputs) {
    const i = merged.findIndex(
      (x) => x.namespace === (m.namespace ?? DEFAULT_NAMESPACE) && x.key === m.key,
    );
    if (i >= 0) merged[i] = m;
    else merged.push(m);
  }
  return merged;
}

export function catalogQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
    shop: () => ({
      __typename: 'Shop',
      id: gid('Shop', 1),
      name: ctx.settings.name,
      myshopifyDomain: `${ctx.settings.shop}.myshopify.com`,
      currencyCode: ctx.settings.currencyCode,
      enabledPresentmentCurrencies: ctx.settings.enabledPresentmentCurrencies,
      plan: {
        publicDisplayName: ctx.settings.plan.publicDisplayName,
        shopifyPlus: ctx.settings.plan.shopifyPlus,
        partnerDevelopment: ctx.settings.plan.publicDisplayName === 'Development',
      },
    }),
    metafieldDefinitions: (
      args: PageArgs & { ownerType: string; namespace?: string | null; key?: string | null },
    ) => {
      const defs = [...s.definitions.values()].filter(
        (d) =>
          d.ownerType === args.ownerType &&
          (args.namespace == null || d.namespace === args.namespace) &&
          (args.key == null || d.key === args.key),
      );
      return connectionOf(defs, args, (d) => [d.num], definitionView, ctx.unbounded);
    },
    product: (args: { id: string }) => {
      const p = findProduct(ctx, args.id);
      return p ? productView(p, ctx) : null;
    },
    productByIdentifier: (args: { identifier: Identifier }) => {
      const p = byIdentifier(
        ctx,
        'PRODUCT',
        args.identifier,
        (n) => s.products.get(n),
        (h) => {
          const n = s.productsByHandle.get(h);
          return n === undefined ? undefined : s.products.get(n);
        },
        'Product',
      );
      return p ? productView(p, ctx) : null;
    },
    productVariant: (args: { id: string }) => {
      const num = parseGid(args.id, 'ProductVariant');
      const v = num === null ? undefined : s.variants.get(num);
      return v ? variantView(v, ctx) : null;
    },
    /**
     * "Search for product variants by attributes such as SKU" (2026-10 schema, productVariants),
     * over every variant of the shop; OR between terms per the search syntax (search-query.ts).
     */
    productVariants: (args: PageArgs & { query?: string | null }) => {
      const filter = searchFilter(args.query, VARIANT_FIELDS);
      return connectionOf(
        [...s.variants.values()].filter(filter),
        args,
        (v) => [v.num],
        (v) => variantView(v, ctx),
        ctx.unbounded,
      );
    },
    collection: (args: { id: string }) => {
      const c = findCollection(ctx, args.id);
      return c ? collectionView(c, ctx) : null;
    },
    collectionByIdentifier: (args: { identifier: Identifier }) => {
      const c = byIdentifier(
        ctx,
        'COLLECTION',
        args.identifier,
        (n) => s.collections.get(n),
        (h) => [...s.collections.values()].find((x) => x.handle === h),
        'Collection',
      );
      return c ? collectionView(c, ctx) : null;
    },
    products: (args: PageArgs & { query?: string | null; sortKey?: string | null }) => {
      const keyOf = PRODUCT_SORT[args.sortKey ?? 'ID'] ?? PRODUCT_SORT['ID']!;
      const filter = searchFilter(args.query, PRODUCT_FIELDS);
      let items = [...s.products.values()];
      if (args.query) items = items.filter(filter);
      if (args.sortKey && args.sortKey !== 'ID') items = sortByKey(items, keyOf);
      return connectionOf(items, args, keyOf, (p) => productView(p, ctx), ctx.unbounded);
    },
    collections: (args: PageArgs & { query?: string | null }) => {
      const filter = searchFilter<CollectionRecord>(args.query, {
        handle: { kind: 'string', read: (c) => c.handle },
        title: { kind: 'string', read: (c) => c.title },
        updated_at: { kind: 'date', read: (c) => c.updatedAt },
      });
      return connectionOf(
        [...s.collections.values()].filter(filter),
        args,
        (c) => [c.num],
        (c) => collectionView(c, ctx),
        ctx.unbounded,
      );
    },
    deletionEvents: (
      args: PageArgs & {
        query?: string | null;
        sortKey?: string | null;
        subjectTypes?: readonly string[] | null;
      },
    ) => {
      const filter = searchFilter<DeletionEventRecord>(args.query, {
        id: { kind: 'number', read: (e) => e.num },
        occurred_at: { kind: 'date', read: (e) => e.occurredAt },
      });
      // DeletionEventSubjectType has COLLECTION and PRODUCT only: orders leave no trace here.
      const types = args.subjectTypes?.length ? args.subjectTypes : ['PRODUCT', 'COLLECTION'];
      // Events are appended in time order, so ID and CREATED_AT sort alike.
      return connectionOf(
        s.deletionEvents.filter((e) => types.includes(e.subjectType) && filter(e)),
        args,
        (e) => [e.num],
        (e) => ({
          occurredAt: new Date(e.occurredAt).toISOString(),
          subjectId: gid(SUBJECT_GID_TYPES[e.subjectType], e.subjectNum),
          subjectType: e.subjectType,
        }),
        ctx.unbounded,
      );
    },
    /**
     * The store's events, as far as the simulator records them: the `destroy` event a deleted
     * product, collection or order leaves (BasicEvent, "destroy: The item was destroyed", schema
     * description of BasicEvent; ORDER is an EventSubjectType). Searchable by action,
     * subject_type, created_at and id, the filters the schema lists for `events(query:)` ("Event
     * data is retained for 1 year"; the simulator keeps every event). Other actions are not
     * recorded.
     */
    events: (args: PageArgs & { query?: string | null; sortKey?: string | null }) => {
      const filter = searchFilter<DeletionEventRecord>(args.query, {
        id: { kind: 'number', read: (e) => e.num },
        action: { kind: 'string', read: () => 'destroy' },
        subject_type: { kind: 'string', read: (e) => e.subjectType },
        created_at: { kind: 'date', read: (e) => e.occurredAt },
      });
      // Events are appended in time order, so ID and CREATED_AT sort alike.
      return connectionOf(
        s.deletionEvents.filter(filter),
        args,
        (e) => [e.num],
        (e) => ({
          __typename: 'BasicEvent',
          id: gid('BasicEvent', e.num),
          action: 'destroy',
          createdAt: new Date(e.occurredAt).toISOString(),
          message: `${SUBJECT_GID_TYPES[e.subjectType]} was deleted.`,
          subjectId: gid(SUBJECT_GID_TYPES[e.subjectType], e.subjectNum),
          subjectType: e.subjectType,
          attributeToApp: false,
          attributeToUser: true,
          criticalAlert: false,
        }),
        ctx.unbounded,
      );
    },
    /**
     * The shop's publications; each one's catalogue carries the title (Publication.name is
     * deprecated: "Use Catalog.title instead"). The Online Store and Point of Sale catalogues
     * are app catalogues.
     */
    publications: (args: PageArgs) =>
      connectionOf(
        [...s.publications.values()],
        args,
        (x) => [x.num],
        (x) => ({
          __typename: 'Publication',
          id: gid('Publication', x.num),
          autoPublish: false,
          supportsFuturePublishing: x.title === 'Online Store',
          catalog: {
            __typename: 'AppCatalog',
            id: gid('AppCatalog', x.num),
            title: x.title,
            status: 'ACTIVE',
          },
        }),
        ctx.unbounded,
      ),
    /**
     * "A job corresponds to some long running task that the client should poll for status"
     * (schema description of Job). A queued job answers `done: false` to the first
     * `collectionJobPolls` polls, then runs and answers `done: true` (deterministic, no clock).
     */
    job: (args: { id: string }) => {
      const num = parseGid(args.id, 'Job');
      const job = num === null ? undefined : s.jobs.get(num);
      if (!job) return null;
      if (job.run && job.pollsLeft > 0) job.pollsLeft--;
      else if (job.run) {
        job.run();
        job.run = null;
      }
      return { __typename: 'Job', id: args.id, done: job.run === null, query: null };
    },
    node: (args: { id: string }) => nodeById(ctx, args.id),
    nodes: (args: { ids: string[] }) => args.ids.map((id) => nodeById(ctx, id)),
  };
}

export function catalogMutations(ctx: SimContext) {
  const s = ctx.store;
  return {
    metafieldDefinitionCreate: (args: {
      definition: {
        name: string;
        namespace?: string | null;
        key: string;
        type: string;
        ownerType: string;
        description?: string | null;
        access?: { admin?: string | null } | null;
      };
    }) => {
      const d = args.definition;
      const namespace = d.namespace ?? DEFAULT_NAMESPACE;
      const fail = (e: UserError) => ({
        createdDefinition: null,
        userErrors: [{ ...e, elementKey: null, elementIndex: null }],
      });
      if (!d.key || d.key.length < 2)
        return fail(
          userError(
            ['definition', 'key'],
            'Key is too short (minimum is 2 characters)',
            'TOO_SHORT',
          ),
        );
      if (
        d.type === 'id' &&
        ![
          'PRODUCT',
          'PRODUCTVARIANT',
          'COLLECTION',
          'CUSTOMER',
          'ORDER',
          'COMPANY',
          'LOCATION',
        ].includes(d.ownerType)
      ) {
        return fail(
          userError(
            ['definition', 'type'],
            `Type 'id' is not supported for owner type ${d.ownerType}.`,
            'INCLUSION',
          ),
        );
      }
      for (const x of s.definitions.values()) {
        if (x.ownerType === d.ownerType && x.namespace === namespace && x.key === d.key) {
          return fail(
            userError(
              ['definition', 'key'],
              `Key is in use for ${d.ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`,
              'TAKEN',
            ),
          );
        }
      }
      // "This namespace and key combination is already in use for a set of your metafields"
      // (MetafieldDefinitionCreateUserErrorCode.UNSTRUCTURED_ALREADY_EXISTS): metafields of the
      // owner type that carry the namespace and key without a definition block it.
      if (unstructuredInUse(ctx, d.ownerType, namespace, d.key))
        return fail(
          userError(
            ['definition'],
            'This namespace and key combination is already in use for a set of your metafields.',
            'UNSTRUCTURED_ALREADY_EXISTS',
          ),
        );
      const record = {
        num: s.nextId(),
        name: d.name,
        namespace,
        key: d.key,
        type: d.type,
        ownerType: d.ownerType,
        description: d.description ?? null,
        adminAccess: d.access?.admin ?? null,
      };
      if (record.adminAccess && !namespace.startsWith('$app'))
        return fail(
          userError(
            ['definition', 'access', 'admin'],
            'Admin access can only be specified for app-owned metafield definitions.',
            'ADMIN_ACCESS_INPUT_NOT_ALLOWED',
          ),
        );
      s.definitions.set(record.num, record);
      return { createdDefinition: definitionView(record), userErrors: [] };
    },
    productSet: (args: {
      identifier?: ProductSetIdentifiers | null;
      input: ProductSetInput;
      synchronous?: boolean | null;
    }) => {
      const custom = args.identifier?.customId;
      const namespace = custom?.namespace ?? DEFAULT_NAMESPACE;
      // A custom id without its `id` definition is not "a resource matching the identifier
      // was not found" (ProductSetUserErrorCode.NOT_FOUND): Shopify answers it as a top-level
      // NOT_FOUND error with productSet null (issue #15, seen at Shopify). The stricter reading.
      if (custom && !idDefinition(s, 'PRODUCT', namespace, custom.key))
        throw new GraphQLError(
          `Metafield definition of type 'id' not found for ${namespace}.${custom.key} on PRODUCT.`,
          { extensions: { code: 'NOT_FOUND' } },
        );
      const fresh = ctx.variantLimit.check(
        args.input,
        productSetTarget(s, args.identifier, args.input) !== null,
        s.variants.size,
        ctx.now(),
        ctx.settings.plan.shopifyPlus,
      );
      const r = productSet(s, args.identifier, args.input, ctx.now());
      if (r.product) ctx.variantLimit.created(fresh, ctx.now());
      return {
        product: r.product ? productView(r.product, ctx) : null,
        productSetOperation: null,
        userErrors: r.userErrors,
      };
    },
    productDelete: (args: { input: { id: string } }) => {
      const p = findProduct(ctx, args.input.id);
      if (!p)
        return {
          deletedProductId: null,
          productDeleteOperation: null,
          shop: catalogQueries(ctx).shop(),
          userErrors: [userError(['id'], 'Product does not exist', null)],
        };
      removeProduct(s, p.num, ctx.now());
      return {
        deletedProductId: gid('Product', p.num),
        productDeleteOperation: null,
        shop: catalogQueries(ctx).shop(),
        userErrors: [],
      };
    },
    collectionDelete: (args: { input: { id: string } }) => {
      const num = parseGid(args.input.id, 'Collection');
      if (num === null || !removeCollection(s, num, ctx.now()))
        return {
          deletedCollectionId: null,
          shop: catalogQueries(ctx).shop(),
          userErrors: [userError(['id'], 'Collection does not exist', null)],
        };
      return {
        deletedCollectionId: gid('Collection', num),
        shop: catalogQueries(ctx).shop(),
        userErrors: [],
      };
    },
    productVariantsBulkUpdate: (args: {
      productId: string;
      allowPartialUpdates?: boolean | null;
      variants: { id?: string | null; price?: unknown; compareAtPrice?: unknown }[];
    }) => {
      const p = findProduct(ctx, args.productId);
      if (!p)
        return {
          product: null,
          productVariants: null,
          userErrors: [
            userError(['productId'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST'),
          ],
        };
      const errors: UserError[] = [];
      const changes: {
        v: (typeof p.variants)[number];
        price?: string;
        compareAtPrice?: string | null;
      }[] = [];
      args.variants.forEach((input, i) => {
        const num = parseGid(input.id, 'ProductVariant');
        const v = p.variants.find((x) => x.num === num);
        if (!input.id)
          return void errors.push(
            userError(
              ['variants', i, 'id'],
              'Product variant is missing ID attribute',
              'PRODUCT_VARIANT_ID_MISSING',
            ),
          );
        if (!v)
          return void errors.push(
            userError(
              ['variants', i, 'id'],
              'Product variant does not exist',
              'PRODUCT_VARIANT_DOES_NOT_EXIST',
            ),
          );
        const change: (typeof changes)[number] = { v };
        for (const field of ['price', 'compareAtPrice'] as const) {
          const raw = input[field];
          if (raw === undefined) continue;
          if (raw === null) {
            if (field === 'price')
              return void errors.push(
                userError(['variants', i, field], "Price can't be blank", 'BLANK'),
              );
            change.compareAtPrice = null;
            continue;
          }
          const money = normaliseMoney(raw);
          if (money === null)
            return void errors.push(
              userError(['variants', i, field], `${field} is invalid`, 'INVALID_VALUE'),
            );
          if (money.startsWith('-'))
            return void errors.push(
              userError(
                ['variants', i, field],
                'Price must be greater than or equal to 0',
                'GREATER_THAN_OR_EQUAL_TO',
              ),
            );
          change[field] = money;
        }
        changes.push(change);
      });
      if (errors.length && !args.allowPartialUpdates)
        return { product: productView(p, ctx), productVariants: null, userErrors: errors };
      const now = ctx.now();
      for (const c of changes) {
        if (c.price !== undefined) c.v.price = c.price;
        if (c.compareAtPrice !== undefined) c.v.compareAtPrice = c.compareAtPrice;
        c.v.updatedAt = now;
      }
      if (changes.length) p.updatedAt = now;
      return {
        product: productView(p, ctx),
        productVariants: changes.map((c) => variantView(c.v, ctx)),
        userErrors: errors,
      };
    },
    collectionCreate: (args: CollectionCreateArgs) => {
      const fail = (...e: UserError[]) => ({ collection: null, userErrors: e });
      const given = collectionArgument(args);
      if (!given.ok) return fail(given.error);
      const { arg, fields: c } = given;
      const title = c.title ?? '';
      if (!title.trim()) return fail(userError([arg, 'title'], "Title can't be blank", null));
      // CollectionInput.title has no documented limit; 255 as for products (text-limits.ts).
      const titleTooLong = tooLongError(title, [arg, 'title'], 'Title', null);
      if (titleTooLong) return fail(titleTooLong);
      const taken = handleTakenError(ctx, arg, c.handle, null);
      if (taken) return fail(taken);
      const errors: UserError[] = [];
      const sources: SourceRecord[] = [];
      if (args.collection) {
        sources.push(
          ...newConditionsSources(ctx, args.collection.sources, ['collection', 'sources'], errors),
        );
      } else if (args.input?.products) {
        const productNums = selectedProducts(
          ctx,
          args.input.products.map((productId) => ({ productId })),
          ['input', 'products'],
          errors,
        );
        sources.push({ num: s.nextId(), title: 'Manual selections', productNums });
      }
      const built = replaceMetafields(s, 'COLLECTION', null, null, c.metafields ?? [], [
        arg,
        'metafields',
      ]);
      if (!built.ok) errors.push(...built.errors);
      if (errors.length || !built.ok) return fail(...errors);
      const record: CollectionRecord = {
        num: s.nextId(),
        title,
        handle:
          c.handle ?? uniqueHandle((h) => collectionHandleTaken(ctx, h, null), slugify(title)),
        descriptionHtml: c.descriptionHtml ?? '',
        sortOrder: c.sortOrder ?? 'BEST_SELLING',
        metafields: built.records.length ? built.records : null,
        sources,
        publishedOn: [],
        updatedAt: ctx.now(),
      };
      s.collections.set(record.num, record);
      reindexCustomIds(s, 'COLLECTION', record.num, null, record.metafields);
      return { collection: collectionView(record, ctx), userErrors: [] };
    },
    collectionUpdate: (args: CollectionUpdateArgs) => {
      const fail = (...e: UserError[]) => ({ collection: null, job: null, userErrors: e });
      const given = collectionArgument(args);
      if (!given.ok) return fail(given.error);
      const { arg, fields: c } = given;
      const record = findCollection(ctx, c.id);
      if (!record) return fail(userError([arg, 'id'], 'Collection does not exist', null));
      if (c.title !== undefined && c.title !== null && !c.title.trim())
        return fail(userError([arg, 'title'], "Title can't be blank", null));
      const titleTooLong = tooLongError(c.title, [arg, 'title'], 'Title', null);
      if (titleTooLong) return fail(titleTooLong);
      const taken = handleTakenError(ctx, arg, c.handle, record.num);
      if (taken) return fail(taken);
      const errors: UserError[] = [];
      let metafields = record.metafields;
      if (c.metafields) {
        const built = replaceMetafields(
          s,
          'COLLECTION',
          record.num,
          record.metafields,
          mergeMetafieldInputs(record.metafields, c.metafields),
          [arg, 'metafields'],
        );
        if (!built.ok) errors.push(...built.errors);
        else metafields = built.records;
      }
      const col = args.collection;
      const sources = nextSources(ctx, record.sources, col, errors);
      if (errors.length) return fail(...errors);
      reindexCustomIds(s, 'COLLECTION', record.num, record.metafields, metafields);
      record.metafields = metafields;
      if (c.title) record.title = c.title;
      if (c.handle) record.handle = c.handle;
      if (c.descriptionHtml != null) record.descriptionHtml = c.descriptionHtml;
      if (c.sortOrder != null) record.sortOrder = c.sortOrder;
      record.updatedAt = ctx.now();
      const changesMembers =
        !!col?.sourcesToCreate?.length ||
        !!col?.sourcesToUpdate?.length ||
        !!col?.sourcesToDelete?.length;
      if (!changesMembers || ctx.settings.collectionJobPolls === 0) {
        record.sources = sources;
        return { collection: collectionView(record, ctx), job: null, userErrors: [] };
      }
      // "When product membership is updated through rules, sources, or conditions, the
      // operation might be processed asynchronously. In these cases, the mutation returns a
      // job" (schema description of collectionUpdate). Stricter reading: always, and nothing
      // of the membership change is visible until the job has run (see the `job` query).
      const job = startJob(ctx, () => {
        record.sources = nextSources(ctx, record.sources, col, []);
        record.updatedAt = ctx.now();
      });
      return { collection: collectionView(record, ctx), job, userErrors: [] };
    },
    collectionAddProductsV2: (args: { id: string; productIds: string[] }) =>
      changeMembers(ctx, args, 'add'),
    collectionAddProducts: (args: { id: string; productIds: string[] }) => {
      const r = changeMembers(ctx, args, 'add');
      const c = findCollection(ctx, args.id);
      return {
        collection: r.userErrors.length || !c ? null : collectionView(c, ctx),
        userErrors: r.userErrors,
      };
    },
    collectionRemoveProducts: (args: { id: string; productIds: string[] }) =>
      changeMembers(ctx, args, 'remove'),
    /**
     * Publishes a product or collection to each publication in `input` (schema description of
     * publishablePublish). An unknown publication is refused as a whole (stricter reading: the
     * docs do not say whether the rest are published).
     */
    publishablePublish: (args: { id: string; input: { publicationId?: string | null }[] }) => {
      const shop = catalogQueries(ctx).shop();
      const p = parseGid(args.id, 'Product');
      const target = p !== null ? s.products.get(p) : findCollection(ctx, args.id);
      if (!target)
        return {
          publishable: null,
          shop,
          userErrors: [userError(['id'], 'Resource does not exist', null)],
        };
      const errors: UserError[] = [];
      const nums: number[] = [];
      args.input.forEach((i, at) => {
        const num = parseGid(i.publicationId, 'Publication');
        if (num === null || !s.publications.has(num))
          errors.push(
            userError(['input', at, 'publicationId'], 'Publication does not exist', null),
          );
        else nums.push(num);
      });
      if (errors.length) return { publishable: null, shop, userErrors: errors };
      for (const n of nums) if (!target.publishedOn.includes(n)) target.publishedOn.push(n);
      const view =
        p !== null
          ? productView(target as ProductRecord, ctx)
          : collectionView(target as CollectionRecord, ctx);
      return { publishable: view, shop, userErrors: [] };
    },
  };
}

type CollectionUpdateFields = NonNullable<CollectionUpdateArgs['collection']>;

/**
 * The sources after collectionUpdate's sourcesToDelete, sourcesToUpdate and sourcesToCreate are
 * applied to `base` (not modified); problems go to `errors`.
 */
function nextSources(
  ctx: SimContext,
  base: readonly SourceRecord[],
  col: CollectionUpdateFields | null | undefined,
  errors: UserError[],
): SourceRecord[] {
  const sources = base.map((x) => ({ ...x, productNums: [...x.productNums] }));
  (col?.sourcesToDelete ?? []).forEach((id, i) => {
    const idx = sources.findIndex((x) => gid('CollectionConditionsSource', x.num) === id);
    if (idx < 0)
      errors.push(userError(['collection', 'sourcesToDelete', i], 'Source does not exist', null));
    else sources.splice(idx, 1);
  });
  (col?.sourcesToUpdate ?? []).forEach((u, i) => {
    const at = ['collection', 'sourcesToUpdate', i, 'condition'];
    if (!u.condition)
      return void errors.push(unsupportedSource(['collection', 'sourcesToUpdate', i]));
    const source = sources.find(
      (x) => gid('CollectionConditionsSource', x.num) === u.condition!.id,
    );
    if (!source) return void errors.push(userError([...at, 'id'], 'Source does not exist', null));
    if (u.condition.title) source.title = u.condition.title;
    const add = selectedProducts(
      ctx,
      u.condition.inclusion?.selectionsToAdd,
      [...at, 'inclusion', 'selectionsToAdd'],
      errors,
    );
    const remove = selectedProducts(
      ctx,
      u.condition.inclusion?.selectionsToRemove,
      [...at, 'inclusion', 'selectionsToRemove'],
      errors,
    );
    source.productNums = [
      ...source.productNums.filter((n) => !remove.includes(n)),
      ...add.filter((n) => !source.productNums.includes(n)),
    ];
  });
  sources.push(
    ...newConditionsSources(ctx, col?.sourcesToCreate, ['collection', 'sourcesToCreate'], errors),
  );
  return sources;
}

/** A queued Job: `run` applies its change when a `job` query finds it due. */
function startJob(ctx: SimContext, run: () => void) {
  const num = ctx.store.nextId();
  ctx.store.jobs.set(num, { num, pollsLeft: ctx.settings.collectionJobPolls, run });
  return { __typename: 'Job', id: gid('Job', num), done: false, query: null };
}

/** Whether any `ownerType` resource carries a metafield `namespace.key` (definition or not). */
function unstructuredInUse(ctx: SimContext, ownerType: string, namespace: string, key: string) {
  const owners: readonly { metafields: readonly { namespace: string; key: string }[] | null }[] =
    ownerType === 'PRODUCT'
      ? [...ctx.store.products.values()]
      : ownerType === 'PRODUCTVARIANT'
        ? [...ctx.store.variants.values()]
        : ownerType === 'COLLECTION'
          ? [...ctx.store.collections.values()]
          : [];
  return owners.some((o) =>
    (o.metafields ?? []).some((m) => m.namespace === namespace && m.key === key),
  );
}

function changeMembers(
  ctx: SimContext,
  args: { id: string; productIds: string[] },
  how: 'add' | 'remove',
) {
  const c = findCollection(ctx, args.id);
  if (!c) return { job: null, userErrors: [userError(['id'], 'Collection does not exist', null)] };
  const errors: UserError[] = [];
  const nums = selectedProducts(
    ctx,
    args.productIds.map((productId) => ({ productId })),
    ['productIds'],
    errors,
  );
  if (errors.length) return { job: null, userErrors: errors };
  if (how === 'add') {
    const source = c.sources[0] ?? {
      num: ctx.store.nextId(),
      title: 'Manual selections',
      productNums: [],
    };
    if (!c.sources.includes(source)) c.sources.push(source);
    for (const n of nums) if (!source.productNums.includes(n)) source.productNums.push(n);
  } else {
    for (const src of c.sources) src.productNums = src.productNums.filter((n) => !nums.includes(n));
  }
  c.updatedAt = ctx.now();
  return {
    job: { __typename: 'Job', id: gid('Job', ctx.store.nextId()), done: true, query: null },
    userErrors: [],
  };
}
