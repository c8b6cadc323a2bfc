/**
 * Collections: lookups and listing, create, update, delete and membership changes. Their
 * sources (which products a collection holds) live in collection-sources.ts.
 */
import { byIdentifier, findCollection, type Identifier } from './catalog-lookup.js';
import {
  changeMembers,
  newConditionsSources,
  nextSources,
  selectedProducts,
  type NewSourceInput,
  type SourceChangesInput,
} from './collection-sources.js';
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';
import { startJob } from './jobs.js';
import { replaceMetafields, type MetafieldInput } from './metafields.js';
import { searchFilter } from './search-query.js';
import { shopView } from './shop-resolvers.js';
import {
  DEFAULT_NAMESPACE,
  reindexCustomIds,
  removeCollection,
  slugify,
  uniqueHandle,
  type CollectionRecord,
  type SourceRecord,
} from './store.js';
import { tooLongError } from './text-limits.js';
import { userError, type UserError } from './user-error.js';
import { collectionView } from './views.js';

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
  collection?: (CollectionFieldsInput & SourceChangesInput & { id?: string | null }) | null;
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

export function collectionQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
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
  };
}

export function collectionMutations(ctx: SimContext) {
  const s = ctx.store;
  return {
    collectionDelete: (args: { input: { id: string } }) => {
      const num = parseGid(args.input.id, 'Collection');
      if (num === null || !removeCollection(s, num, ctx.now()))
        return {
          deletedCollectionId: null,
          shop: shopView(ctx),
          userErrors: [userError(['id'], 'Collection does not exist', null)],
        };
      return {
        deletedCollectionId: gid('Collection', num),
        shop: shopView(ctx),
        userErrors: [],
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
  };
}
