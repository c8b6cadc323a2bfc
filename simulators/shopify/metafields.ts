import {
  DEFAULT_NAMESPACE,
  customIdKey,
  type MetafieldRecord,
  type OwnerType,
  type ShopStore,
} from './store.js';
import { tooLongError } from './text-limits.js';
import { userError, type UserError } from './user-error.js';

/** `MetafieldInput` as productSet/collectionCreate receive it. */
export interface MetafieldInput {
  id?: string | null;
  namespace?: string | null;
  key?: string | null;
  type?: string | null;
  value?: string | null;
}

function definitionType(
  store: ShopStore,
  owner: OwnerType,
  namespace: string,
  key: string,
): string | undefined {
  for (const d of store.definitions.values()) {
    if (d.ownerType === owner && d.namespace === namespace && d.key === key) return d.type;
  }
  return undefined;
}

/**
 * Validates a metafield list that replaces an owner's metafields and builds the new records
 * (keeping the ids of metafields that stay). `ownerNum` null: the owner is being created.
 */
export function replaceMetafields(
  store: ShopStore,
  owner: OwnerType,
  ownerNum: number | null,
  existing: readonly MetafieldRecord[] | null,
  inputs: readonly MetafieldInput[],
  path: readonly (string | number)[],
): { ok: true; records: MetafieldRecord[] } | { ok: false; errors: UserError[] } {
  const errors: UserError[] = [];
  const records: MetafieldRecord[] = [];
  const seen = new Set<string>();
  inputs.forEach((m, i) => {
    const namespace = m.namespace ?? DEFAULT_NAMESPACE;
    const key = m.key ?? '';
    const at = [...path, i];
    if (!key)
      return void errors.push(userError([...at, 'key'], "Key can't be blank", 'INVALID_METAFIELD'));
    if (m.value == null || m.value === '')
      return void errors.push(
        userError([...at, 'value'], "Value can't be blank", 'INVALID_METAFIELD'),
      );
    const defined = definitionType(store, owner, namespace, key);
    const type = m.type ?? defined;
    if (!type)
      return void errors.push(
        userError([...at, 'type'], "Type can't be blank", 'INVALID_METAFIELD'),
      );
    if (defined && type !== defined) {
      return void errors.push(
        userError(
          [...at, 'type'],
          `Type must be '${defined}' as defined by the metafield definition.`,
          'INVALID_METAFIELD',
        ),
      );
    }
    if (seen.has(`${namespace}.${key}`))
      return void errors.push(
        userError(at, 'Metafield is duplicated in the input.', 'INVALID_METAFIELD'),
      );
    seen.add(`${namespace}.${key}`);
    if (type === 'id') {
      // The metafield types page gives no length for `id`; 255 as for other short texts.
      const tooLong = tooLongError(m.value, [...at, 'value'], 'Value', 'INVALID_METAFIELD');
      if (tooLong) return void errors.push(tooLong);
      const holder = store.customIds.get(customIdKey(owner, namespace, key, m.value));
      if (holder !== undefined && holder !== ownerNum) {
        return void errors.push(
          userError(
            [...at, 'value'],
            'Value is already taken by another resource.',
            'INVALID_METAFIELD',
          ),
        );
      }
    }
    const previous = existing?.find((e) => e.namespace === namespace && e.key === key);
    records.push({ num: previous?.num ?? store.nextId(), namespace, key, type, value: m.value });
  });
  return errors.length ? { ok: false, errors } : { ok: true, records };
}
