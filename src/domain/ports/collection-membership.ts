import type { CollectionToJoin } from '../model/catalog-write.js';

export interface MembershipChange {
  readonly categoryId: string;
  readonly collectionId: string | null;
  readonly productExternalId: string;
  readonly productId: string;
  readonly op: 'add' | 'remove';
}

/**
 * Which collections each product was added to by this service, against the categories API X
 * gives it now: the changes of one run, prepared once and paged through.
 */
export interface CollectionMembership {
  /** Computes this run's membership changes once (desired categories against applied ones). */
  prepareMembershipChanges(): Promise<number>;
  /** The prepared changes in (category, product) order, a page at a time. */
  membershipChanges(
    after: { readonly categoryId: string; readonly productExternalId: string } | null,
    limit: number,
  ): Promise<readonly MembershipChange[]>;
  saveMembership(changes: readonly MembershipChange[]): Promise<void>;
  /**
   * Of these products, those Shopify holds none of for us yet (no product GID mapped), each with
   * the collections of its staged categories that are active: what their productSet joins as it
   * creates them. Products with no such collection are left out.
   */
  collectionsToJoin(
    externalIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly CollectionToJoin[]>>;
}
