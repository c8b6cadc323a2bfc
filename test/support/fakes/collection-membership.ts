import type { CollectionToJoin } from '../../../src/domain/model/catalog-write.js';
import type {
  CollectionMembership,
  MembershipChange,
} from '../../../src/domain/ports/collection-membership.js';

const key = (c: { categoryId: string; productExternalId: string }) =>
  `${c.categoryId}\u0000${c.productExternalId}`;

/**
 * This run's membership changes, in memory, in (category, product) order; a saved change leaves
 * the list, as in Postgres. `saved` keeps every saveMembership call; `toJoin` answers
 * collectionsToJoin (the collections of new products), except for products in `mapped` (a
 * product GID mapped): as in Postgres, those never get a list, since productSet's collections
 * would replace the memberships a merchant made by hand.
 */
export function createFakeCollectionMembership(
  changes: readonly MembershipChange[],
  toJoin: ReadonlyMap<string, readonly CollectionToJoin[]> = new Map(),
  mapped: ReadonlySet<string> = new Set(),
) {
  const saved: MembershipChange[] = [];
  const done = new Set<string>();
  let prepared = 0;
  const membership: CollectionMembership = {
    async prepareMembershipChanges() {
      prepared++;
      return changes.length;
    },
    async membershipChanges(after, limit) {
      const from = after === null ? null : key(after);
      return [...changes]
        .sort((a, b) => key(a).localeCompare(key(b)))
        .filter((c) => !done.has(key(c)) && (from === null || key(c) > from))
        .slice(0, limit);
    },
    async saveMembership(list) {
      for (const c of list) done.add(key(c));
      saved.push(...list);
    },
    async collectionsToJoin(ids) {
      return new Map(
        ids.flatMap((id) =>
          toJoin.has(id) && !mapped.has(id) ? [[id, toJoin.get(id)!] as const] : [],
        ),
      );
    },
  };
  return { membership, saved, prepared: () => prepared };
}
