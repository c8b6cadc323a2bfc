/** Which product a productSet addresses: by id, handle or custom id, or none (a create). */
import { parseGid } from './gid.js';
import {
  DEFAULT_NAMESPACE,
  customIdKey,
  idDefinition,
  type ProductRecord,
  type ShopStore,
} from './store.js';
import { userError, type UserError } from './user-error.js';
import type { ProductSetIdentifiers, ProductSetInput } from './product-set.js';

/** Finds the product an identifier points at; `null` product = create. */
export function resolveTarget(
  store: ShopStore,
  identifier: ProductSetIdentifiers | null | undefined,
  input: ProductSetInput,
): { ok: true; product: ProductRecord | null } | { ok: false; errors: UserError[] } {
  if (identifier && input.id) {
    return {
      ok: false,
      errors: [
        userError(
          ['input', 'id'],
          'The id field is not allowed if identifier is provided.',
          'ID_NOT_ALLOWED',
        ),
      ],
    };
  }
  const byId = identifier?.id ?? input.id;
  if (byId) {
    const num = parseGid(byId, 'Product');
    const product = num === null ? undefined : store.products.get(num);
    const field = identifier?.id ? ['identifier', 'id'] : ['input', 'id'];
    if (!product)
      return { ok: false, errors: [userError(field, 'Product does not exist', 'NOT_FOUND')] };
    return { ok: true, product };
  }
  if (identifier?.handle) {
    if (input.handle != null && input.handle !== identifier.handle) {
      return {
        ok: false,
        errors: [
          userError(
            ['input', 'handle'],
            'The identifier value does not match the value of the corresponding field in the input.',
            'INPUT_MISMATCH',
          ),
        ],
      };
    }
    const num = store.productsByHandle.get(identifier.handle);
    return { ok: true, product: num === undefined ? null : (store.products.get(num) ?? null) };
  }
  if (identifier?.customId) {
    const { key, value } = identifier.customId;
    const namespace = identifier.customId.namespace ?? DEFAULT_NAMESPACE;
    if (!idDefinition(store, 'PRODUCT', namespace, key)) {
      return {
        ok: false,
        errors: [
          userError(
            ['identifier', 'customId'],
            `Metafield definition of type 'id' is required when using custom ids (${namespace}.${key}).`,
            'NOT_FOUND',
          ),
        ],
      };
    }
    if (
      input.metafields &&
      !input.metafields.some(
        (m) =>
          (m.namespace ?? DEFAULT_NAMESPACE) === namespace && m.key === key && m.value === value,
      )
    ) {
      return {
        ok: false,
        errors: [
          userError(
            ['input', 'metafields'],
            'The input argument `metafields` (if present) must contain the `customId` value.',
            'METAFIELD_MISMATCH',
          ),
        ],
      };
    }
    const num = store.customIds.get(customIdKey('PRODUCT', namespace, key, value));
    return { ok: true, product: num === undefined ? null : (store.products.get(num) ?? null) };
  }
  return { ok: true, product: null };
}
