import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid } from './gid.js';

/**
 * What an app learns about its own installation and the shop's size and channels, as `doctor`
 * reads them. Each follows the 2026-10 schema's descriptions:
 * - `currentAppInstallation.accessScopes`: "The access scopes granted to the application by a
 *   merchant during installation" (AppInstallation.accessScopes).
 * - `productsCount` / `productVariantsCount`: "Limited to a maximum of 10000 by default"; the
 *   `limit` argument is "the upper bound on count value before returning a result", null for
 *   none. A capped count has precision AT_LEAST (CountPrecision), an exact one EXACT.
 * - `publications`: a connection of Publication; its channel's name is read through
 *   `catalog { title }` (Publication.name is deprecated "Use Catalog.title instead").
 * Registered before the catalogue resolvers so a fuller implementation there replaces these.
 */
export const DEFAULT_COUNT_LIMIT = 10_000;

/** Scopes an app has by default in the simulator: everything the jobs use. */
export const DEFAULT_ACCESS_SCOPES = [
  'read_products',
  'write_products',
  'read_publications',
  'write_publications',
  'read_orders',
  'read_customers',
  'read_all_orders',
  'write_merchant_managed_fulfillment_orders',
  'write_inventory',
  'read_locations',
] as const;

export function appInstallationQueries(ctx: SimContext) {
  const count = (n: number, limit: number | null | undefined) => {
    const cap = limit === undefined ? DEFAULT_COUNT_LIMIT : limit;
    return cap !== null && n > cap
      ? { count: cap, precision: 'AT_LEAST' }
      : { count: n, precision: 'EXACT' };
  };
  return {
    currentAppInstallation: () => ({
      id: gid('AppInstallation', 1),
      // An app playing "without read_all_orders" (setAccess) is one whose grant lacks the scope.
      accessScopes: ctx.settings.accessScopes
        .filter((handle) => ctx.access.readAllOrders || handle !== 'read_all_orders')
        .map((handle) => ({
          handle,
          description: `Simulated scope ${handle}`,
        })),
    }),
    productsCount: (args: { limit?: number | null }) => count(ctx.store.products.size, args.limit),
    productVariantsCount: (args: { limit?: number | null }) =>
      count(ctx.store.variants.size, args.limit),
    publications: (args: PageArgs) =>
      connectionOf(
        ctx.settings.publications.map((title, i) => ({ title, num: i + 1 })),
        args,
        (p) => [p.num],
        (p) => ({
          __typename: 'Publication',
          id: gid('Publication', p.num),
          catalog: { __typename: 'AppCatalog', id: gid('AppCatalog', p.num), title: p.title },
        }),
        ctx.unbounded,
      ),
  };
}
