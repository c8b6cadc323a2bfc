import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';
import { reindexCustomIds, type DefinitionRecord, type MetafieldRecord } from './store.js';
import { userError } from './user-error.js';

interface DeleteArgs {
  id?: string | null;
  identifier?: { ownerType: string; namespace?: string | null; key: string } | null;
  deleteAllAssociatedMetafields?: boolean | null;
}

/** The owners of one type with their metafields (the owners this simulator keeps). */
function ownersOf(
  ctx: SimContext,
  ownerType: string,
): { num: number; record: { metafields: MetafieldRecord[] | null } }[] {
  const s = ctx.store;
  if (ownerType === 'PRODUCT')
    return [...s.products.values()].map((p) => ({ num: p.num, record: p }));
  if (ownerType === 'PRODUCTVARIANT')
    return [...s.variants.values()].map((v) => ({ num: v.num, record: v }));
  if (ownerType === 'COLLECTION')
    return [...s.collections.values()].map((c) => ({ num: c.num, record: c }));
  return [];
}

/**
 * `metafieldDefinitionDelete` (2026-10 schema): "You can identify the definition by providing
 * either its owner type, namespace, and key, or its global ID"; with
 * `deleteAllAssociatedMetafields` the metafields that use it go too (Shopify does that
 * asynchronously; the simulator at once). Refusals follow MetafieldDefinitionDeleteUserErrorCode:
 * NOT_FOUND ("Definition not found."), ID_TYPE_DELETION_ERROR ("Deleting an id type metafield
 * definition requires deletion of its associated metafields": the stricter reading, refused even
 * when none exist) and RESERVED_NAMESPACE_ORPHANED_METAFIELDS for `$app` ("This option must be
 * `true` when deleting definitions under the `$app` namespace", the argument's description).
 */
export function definitionDeleteMutations(ctx: SimContext) {
  return {
    metafieldDefinitionDelete: (args: DeleteArgs) => {
      const fail = (field: string, message: string, code: string) => ({
        deletedDefinitionId: null,
        deletedDefinition: null,
        userErrors: [userError([field], message, code)],
      });
      const byId = args.id ? parseGid(args.id, 'MetafieldDefinition') : null;
      const wanted = args.identifier;
      let found: DefinitionRecord | undefined;
      for (const d of ctx.store.definitions.values())
        if (
          (byId !== null && d.num === byId) ||
          (wanted &&
            d.ownerType === wanted.ownerType &&
            d.namespace === (wanted.namespace ?? '$app') &&
            d.key === wanted.key)
        )
          found = d;
      if (!found) return fail(args.id ? 'id' : 'identifier', 'Definition not found.', 'NOT_FOUND');
      const all = args.deleteAllAssociatedMetafields === true;
      if (!all && found.type === 'id')
        return fail(
          'deleteAllAssociatedMetafields',
          'Deleting an id type metafield definition requires deletion of its associated metafields.',
          'ID_TYPE_DELETION_ERROR',
        );
      if (!all && found.namespace.startsWith('$app'))
        return fail(
          'deleteAllAssociatedMetafields',
          'Deleting a definition in a reserved namespace requires deletion of its associated metafields.',
          'RESERVED_NAMESPACE_ORPHANED_METAFIELDS',
        );
      const d = found;
      if (all)
        for (const owner of ownersOf(ctx, d.ownerType)) {
          const before = owner.record.metafields;
          const after = (before ?? []).filter(
            (m) => m.namespace !== d.namespace || m.key !== d.key,
          );
          if (before && after.length === before.length) continue;
          owner.record.metafields = after;
          reindexCustomIds(ctx.store, d.ownerType as 'PRODUCT', owner.num, before, after);
        }
      ctx.store.definitions.delete(d.num);
      return {
        deletedDefinitionId: gid('MetafieldDefinition', d.num),
        deletedDefinition: { ownerType: d.ownerType, namespace: d.namespace, key: d.key },
        userErrors: [],
      };
    },
  };
}
