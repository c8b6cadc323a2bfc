/** Metafield definitions: `metafieldDefinitions` and `metafieldDefinitionCreate` (delete: definition-delete.ts). */
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { DEFAULT_NAMESPACE } from './store.js';
import { userError, type UserError } from './user-error.js';
import { definitionView } from './views.js';

export function definitionQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
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
  };
}

export function definitionMutations(ctx: SimContext) {
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
  };
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
