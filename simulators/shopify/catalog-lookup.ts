import type { SimContext } from './context.js';
import { parseGid } from './gid.js';
import {
  DEFAULT_NAMESPACE,
  customIdKey,
  type CollectionRecord,
  type ProductRecord,
} from './store.js';

/** How the *ByIdentifier queries name a resource: its GID, its handle or a custom id. */
export type Identifier = {
  id?: string | null;
  handle?: string | null;
  customId?: { namespace?: string | null; key: string; value: string } | null;
};

/** Ids that are 'id'-type metafield custom ids accepted by *ByIdentifier lookups. */
export function byIdentifier<T>(
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

export function findProduct(ctx: SimContext, id: string): ProductRecord | undefined {
  const num = parseGid(id, 'Product');
  return num === null ? undefined : ctx.store.products.get(num);
}

export function findCollection(
  ctx: SimContext,
  id: string | null | undefined,
): CollectionRecord | undefined {
  const num = parseGid(id, 'Collection');
  return num === null ? undefined : ctx.store.collections.get(num);
}
