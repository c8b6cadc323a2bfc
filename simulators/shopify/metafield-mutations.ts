import type { SimContext } from './context.js';
import { parseGid } from './gid.js';
import { replaceMetafields } from './metafields.js';
import {
  DEFAULT_NAMESPACE,
  reindexCustomIds,
  type MetafieldRecord,
  type OwnerType,
} from './store.js';
import { userError, type UserError } from './user-error.js';
import { metafieldView } from './views.js';

interface MetafieldOwner {
  readonly type: OwnerType;
  readonly num: number;
  readonly record: { metafields: MetafieldRecord[] | null; updatedAt: number };
}

/** The product, variant or collection an `ownerId` names (the owners this simulator keeps). */
function ownerOf(ctx: SimContext, ownerId: string | null | undefined): MetafieldOwner | null {
  const s = ctx.store;
  const product = s.products.get(parseGid(ownerId, 'Product') ?? -1);
  if (product) return { type: 'PRODUCT', num: product.num, record: product };
  const variant = s.variants.get(parseGid(ownerId, 'ProductVariant') ?? -1);
  if (variant) return { type: 'PRODUCTVARIANT', num: variant.num, record: variant };
  const collection = s.collections.get(parseGid(ownerId, 'Collection') ?? -1);
  if (collection) return { type: 'COLLECTION', num: collection.num, record: collection };
  return null;
}

interface SetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  type?: string | null;
  value: string;
}

/**
 * metafieldsSet and metafieldsDelete: how a merchant or another app sets metafields beside ours,
 * and how the service releases a custom id before it moves to another variant.
 */
export function metafieldMutations(ctx: SimContext) {
  return {
    /**
     * 2026-10 schema, `metafieldsSet`: "Metafield values will be set regardless if they were
     * previously created or not. Allows a maximum of 25 metafields to be set at a time ... This
     * operation is atomic, meaning no changes are persisted if an error is encountered." Entries
     * not named are left alone (unlike productSet's lists).
     */
    metafieldsSet: (args: { metafields: SetInput[] }) => {
      const errors: UserError[] = [];
      if (args.metafields.length > 25)
        errors.push(
          userError(
            ['metafields'],
            'Exceeded the maximum metafields input limit of 25.',
            'LESS_THAN_OR_EQUAL_TO',
          ),
        );
      const planned: { owner: MetafieldOwner; records: MetafieldRecord[] }[] = [];
      args.metafields.forEach((m, i) => {
        const owner = ownerOf(ctx, m.ownerId);
        if (!owner)
          return void errors.push(
            userError(['metafields', i, 'ownerId'], 'Owner does not exist.', 'INVALID_VALUE'),
          );
        const namespace = m.namespace ?? DEFAULT_NAMESPACE;
        const others = (owner.record.metafields ?? []).filter(
          (x) => !(x.namespace === namespace && x.key === m.key),
        );
        const built = replaceMetafields(
          ctx.store,
          owner.type,
          owner.num,
          owner.record.metafields,
          [{ namespace, key: m.key, type: m.type ?? null, value: m.value }],
          ['metafields', i],
        );
        if (!built.ok) return void errors.push(...built.errors);
        planned.push({ owner, records: [...others, ...built.records] });
      });
      if (errors.length > 0)
        return {
          metafields: null,
          userErrors: errors.map((e) => ({ ...e, elementIndex: null })),
        };
      const now = ctx.now();
      const set: Record<string, unknown>[] = [];
      for (const { owner, records } of planned) {
        reindexCustomIds(ctx.store, owner.type, owner.num, owner.record.metafields, records);
        owner.record.metafields = records;
        owner.record.updatedAt = now;
        const last = records[records.length - 1];
        if (last) set.push(metafieldView(last, owner.type, now));
      }
      return { metafields: set, userErrors: [] };
    },

    /**
     * 2026-10 schema, `metafieldsDelete`: "Deletes Metafield objects in bulk by specifying
     * combinations of owner ID, namespace, and key. ... If a specified metafield doesn't exist,
     * then the mutation still succeeds but returns `null` for that identifier in the response."
     */
    metafieldsDelete: (args: {
      metafields: { ownerId: string; namespace: string; key: string }[];
    }) => {
      const deleted = args.metafields.map((m) => {
        const owner = ownerOf(ctx, m.ownerId);
        const found = owner?.record.metafields?.find(
          (x) => x.namespace === m.namespace && x.key === m.key,
        );
        if (!owner || !found) return null;
        const rest = (owner.record.metafields ?? []).filter((x) => x !== found);
        reindexCustomIds(ctx.store, owner.type, owner.num, owner.record.metafields, rest);
        owner.record.metafields = rest.length > 0 ? rest : null;
        owner.record.updatedAt = ctx.now();
        return { ownerId: m.ownerId, namespace: m.namespace, key: m.key };
      });
      return { deletedMetafields: deleted, userErrors: [] };
    },
  };
}
