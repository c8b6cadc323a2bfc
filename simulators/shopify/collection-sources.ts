/**
 * A collection's sources: the product selections that make up its members. Only conditions
 * sources are simulated.
 */
import { findCollection, findProduct } from './catalog-lookup.js';
import type { SimContext } from './context.js';
import { gid } from './gid.js';
import type { CollectionRecord, ShopStore, SourceRecord } from './store.js';
import { userError, type UserError } from './user-error.js';

/** Product ids of collection source selections; unknown products are user errors. */
export function selectedProducts(
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
export interface NewSourceInput {
  source?: {
    title: string;
    inclusion?: { selections?: { productId: string }[] | null } | null;
  } | null;
}

/**
 * Records for new conditions sources, taking their next ids in input order. Only conditions
 * sources are simulated, so any other kind is a user error at `[...path, i]`.
 */
export function newConditionsSources(
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

/** collectionUpdate's changes to the sources of a collection. */
export interface SourceChangesInput {
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
}

/**
 * The sources after collectionUpdate's sourcesToDelete, sourcesToUpdate and sourcesToCreate are
 * applied to `base` (not modified); problems go to `errors`.
 */
export function nextSources(
  ctx: SimContext,
  base: readonly SourceRecord[],
  col: SourceChangesInput | null | undefined,
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

export function changeMembers(
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
  if (how === 'add') for (const n of nums) joinCollection(ctx.store, c, n);
  else for (const n of nums) leaveCollection(c, n);
  c.updatedAt = ctx.now();
  return {
    job: { __typename: 'Job', id: gid('Job', ctx.store.nextId()), done: true, query: null },
    userErrors: [],
  };
}

/**
 * A product joins a collection from the product's side or through the deprecated
 * collectionAddProducts(V2) ("Use `collectionUpdate` with inclusion.selectionsToAdd instead":
 * a manual selection of a source). Which source is not documented: taken as the collection's
 * first one, the source it was made with ("Manual selections" when it has none).
 */
export function joinCollection(store: ShopStore, c: CollectionRecord, productNum: number): void {
  let source = c.sources[0];
  if (!source) {
    source = { num: store.nextId(), title: 'Manual selections', productNums: [] };
    c.sources.push(source);
  }
  if (!source.productNums.includes(productNum)) source.productNums.push(productNum);
}

/**
 * A product leaves a collection from the product's side (or collectionRemoveProducts): taken out
 * of every source's selections, the stricter reading (no membership survives).
 */
export function leaveCollection(c: CollectionRecord, productNum: number): void {
  for (const src of c.sources) src.productNums = src.productNums.filter((n) => n !== productNum);
}
