/**
 * The shop itself and its publications (sales channels): `shop`, `publications` and
 * `publishablePublish`, which publishes a product or collection on them.
 */
import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';
import { findCollection } from './catalog-lookup.js';
import type { CollectionRecord, ProductRecord } from './store.js';
import { userError, type UserError } from './user-error.js';
import { collectionView, productView } from './views.js';

/** The `shop` object, as queries and the payloads of delete and publish mutations carry it. */
export function shopView(ctx: SimContext) {
  return {
    __typename: 'Shop',
    id: gid('Shop', 1),
    name: ctx.settings.name,
    myshopifyDomain: `${ctx.settings.shop}.myshopify.com`,
    currencyCode: ctx.settings.currencyCode,
    enabledPresentmentCurrencies: ctx.settings.enabledPresentmentCurrencies,
    plan: {
      publicDisplayName: ctx.settings.plan.publicDisplayName,
      shopifyPlus: ctx.settings.plan.shopifyPlus,
      partnerDevelopment: ctx.settings.plan.publicDisplayName === 'Development',
    },
  };
}

export function shopQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
    shop: () => shopView(ctx),
    /**
     * The shop's publications; each one's catalogue carries the title (Publication.name is
     * deprecated: "Use Catalog.title instead"). The Online Store and Point of Sale catalogues
     * are app catalogues.
     */
    publications: (args: PageArgs) =>
      connectionOf(
        [...s.publications.values()],
        args,
        (x) => [x.num],
        (x) => ({
          __typename: 'Publication',
          id: gid('Publication', x.num),
          autoPublish: false,
          supportsFuturePublishing: x.title === 'Online Store',
          catalog: {
            __typename: 'AppCatalog',
            id: gid('AppCatalog', x.num),
            title: x.title,
            status: 'ACTIVE',
          },
        }),
        ctx.unbounded,
      ),
  };
}

export function shopMutations(ctx: SimContext) {
  const s = ctx.store;
  return {
    /**
     * Publishes a product or collection to each publication in `input` (schema description of
     * publishablePublish). An unknown publication is refused as a whole (stricter reading: the
     * docs do not say whether the rest are published).
     */
    publishablePublish: (args: { id: string; input: { publicationId?: string | null }[] }) => {
      const shop = shopView(ctx);
      const p = parseGid(args.id, 'Product');
      const target = p !== null ? s.products.get(p) : findCollection(ctx, args.id);
      if (!target)
        return {
          publishable: null,
          shop,
          userErrors: [userError(['id'], 'Resource does not exist', null)],
        };
      const errors: UserError[] = [];
      const nums: number[] = [];
      args.input.forEach((i, at) => {
        const num = parseGid(i.publicationId, 'Publication');
        if (num === null || !s.publications.has(num))
          errors.push(
            userError(['input', at, 'publicationId'], 'Publication does not exist', null),
          );
        else nums.push(num);
      });
      if (errors.length) return { publishable: null, shop, userErrors: errors };
      for (const n of nums) if (!target.publishedOn.includes(n)) target.publishedOn.push(n);
      const view =
        p !== null
          ? productView(target as ProductRecord, ctx)
          : collectionView(target as CollectionRecord, ctx);
      return { publishable: view, shop, userErrors: [] };
    },
  };
}
