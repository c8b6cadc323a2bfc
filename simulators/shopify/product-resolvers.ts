/** Products and their variants: lookups, listing and search, productSet, productDelete, prices. */
import { GraphQLError } from 'graphql';
import { byIdentifier, findProduct, type Identifier } from './catalog-lookup.js';
import { connectionOf, sortByKey, type PageArgs, type SortKey } from './connection.js';
import type { SimContext } from './context.js';
import { gid, parseGid } from './gid.js';
import {
  productSet,
  productSetTarget,
  type ProductSetIdentifiers,
  type ProductSetInput,
} from './product-set.js';
import { searchFilter, type FieldReader } from './search-query.js';
import { shopView } from './shop-resolvers.js';
import {
  DEFAULT_NAMESPACE,
  idDefinition,
  removeProduct,
  type ProductRecord,
  type VariantRecord,
} from './store.js';
import { normaliseMoney, userError, type UserError } from './user-error.js';
import { productView, variantView } from './views.js';

const PRODUCT_FIELDS: Record<string, FieldReader<ProductRecord>> = {
  handle: { kind: 'string', read: (p) => p.handle },
  title: { kind: 'string', read: (p) => p.title },
  status: { kind: 'string', read: (p) => p.status },
  vendor: { kind: 'string', read: (p) => p.vendor },
  product_type: { kind: 'string', read: (p) => p.productType },
  updated_at: { kind: 'date', read: (p) => p.updatedAt },
  created_at: { kind: 'date', read: (p) => p.createdAt },
  id: { kind: 'number', read: (p) => p.num },
};

/**
 * Filters of `productVariants(query:)` the simulator follows (2026-10 schema, the argument's
 * table): `sku` ("Filter by the product variant sku field"), `barcode`, `product_id`, `id`,
 * `updated_at`. Matching is whole-value and case-insensitive: stricter than a tokenising search
 * would be, and the caller checks the SKUs it gets back anyway.
 */
const VARIANT_FIELDS: Record<string, FieldReader<VariantRecord>> = {
  sku: { kind: 'string', read: (v) => v.sku },
  barcode: { kind: 'string', read: (v) => v.barcode },
  product_id: { kind: 'number', read: (v) => v.productNum },
  id: { kind: 'number', read: (v) => v.num },
  updated_at: { kind: 'date', read: (v) => v.updatedAt },
};

const PRODUCT_SORT: Record<string, (p: ProductRecord) => SortKey> = {
  ID: (p) => [p.num],
  TITLE: (p) => [p.title, p.num],
  UPDATED_AT: (p) => [p.updatedAt, p.num],
  CREATED_AT: (p) => [p.createdAt, p.num],
};

export function productQueries(ctx: SimContext) {
  const s = ctx.store;
  return {
    product: (args: { id: string }) => {
      const p = findProduct(ctx, args.id);
      return p ? productView(p, ctx) : null;
    },
    productByIdentifier: (args: { identifier: Identifier }) => {
      const p = byIdentifier(
        ctx,
        'PRODUCT',
        args.identifier,
        (n) => s.products.get(n),
        (h) => {
          const n = s.productsByHandle.get(h);
          return n === undefined ? undefined : s.products.get(n);
        },
        'Product',
      );
      return p ? productView(p, ctx) : null;
    },
    productVariant: (args: { id: string }) => {
      const num = parseGid(args.id, 'ProductVariant');
      const v = num === null ? undefined : s.variants.get(num);
      return v ? variantView(v, ctx) : null;
    },
    /**
     * "Search for product variants by attributes such as SKU" (2026-10 schema, productVariants),
     * over every variant of the shop; OR between terms per the search syntax (search-query.ts).
     */
    productVariants: (args: PageArgs & { query?: string | null }) => {
      const filter = searchFilter(args.query, VARIANT_FIELDS);
      return connectionOf(
        [...s.variants.values()].filter(filter),
        args,
        (v) => [v.num],
        (v) => variantView(v, ctx),
        ctx.unbounded,
      );
    },
    products: (args: PageArgs & { query?: string | null; sortKey?: string | null }) => {
      const keyOf = PRODUCT_SORT[args.sortKey ?? 'ID'] ?? PRODUCT_SORT['ID']!;
      const filter = searchFilter(args.query, PRODUCT_FIELDS);
      let items = [...s.products.values()];
      if (args.query) items = items.filter(filter);
      if (args.sortKey && args.sortKey !== 'ID') items = sortByKey(items, keyOf);
      return connectionOf(items, args, keyOf, (p) => productView(p, ctx), ctx.unbounded);
    },
  };
}

export function productMutations(ctx: SimContext) {
  const s = ctx.store;
  return {
    productSet: (args: {
      identifier?: ProductSetIdentifiers | null;
      input: ProductSetInput;
      synchronous?: boolean | null;
    }) => {
      const custom = args.identifier?.customId;
      const namespace = custom?.namespace ?? DEFAULT_NAMESPACE;
      // A custom id without its `id` definition is not "a resource matching the identifier
      // was not found" (ProductSetUserErrorCode.NOT_FOUND): Shopify answers it as a top-level
      // NOT_FOUND error with productSet null (issue #15, seen at Shopify). The stricter reading.
      if (custom && !idDefinition(s, 'PRODUCT', namespace, custom.key))
        throw new GraphQLError(
          `Metafield definition of type 'id' not found for ${namespace}.${custom.key} on PRODUCT.`,
          { extensions: { code: 'NOT_FOUND' } },
        );
      const fresh = ctx.variantLimit.check(
        args.input,
        productSetTarget(s, args.identifier, args.input) !== null,
        s.variants.size,
        ctx.now(),
        ctx.settings.plan.shopifyPlus,
      );
      const r = productSet(s, args.identifier, args.input, ctx.now());
      if (r.product) ctx.variantLimit.created(fresh, ctx.now());
      return {
        product: r.product ? productView(r.product, ctx) : null,
        productSetOperation: null,
        userErrors: r.userErrors,
      };
    },
    productDelete: (args: { input: { id: string } }) => {
      const p = findProduct(ctx, args.input.id);
      if (!p)
        return {
          deletedProductId: null,
          productDeleteOperation: null,
          shop: shopView(ctx),
          userErrors: [userError(['id'], 'Product does not exist', null)],
        };
      removeProduct(s, p.num, ctx.now());
      return {
        deletedProductId: gid('Product', p.num),
        productDeleteOperation: null,
        shop: shopView(ctx),
        userErrors: [],
      };
    },
    productVariantsBulkUpdate: (args: {
      productId: string;
      allowPartialUpdates?: boolean | null;
      variants: { id?: string | null; price?: unknown; compareAtPrice?: unknown }[];
    }) => {
      const p = findProduct(ctx, args.productId);
      if (!p)
        return {
          product: null,
          productVariants: null,
          userErrors: [
            userError(['productId'], 'Product does not exist', 'PRODUCT_DOES_NOT_EXIST'),
          ],
        };
      const errors: UserError[] = [];
      const changes: {
        v: (typeof p.variants)[number];
        price?: string;
        compareAtPrice?: string | null;
      }[] = [];
      args.variants.forEach((input, i) => {
        const num = parseGid(input.id, 'ProductVariant');
        const v = p.variants.find((x) => x.num === num);
        if (!input.id)
          return void errors.push(
            userError(
              ['variants', i, 'id'],
              'Product variant is missing ID attribute',
              'PRODUCT_VARIANT_ID_MISSING',
            ),
          );
        if (!v)
          return void errors.push(
            userError(
              ['variants', i, 'id'],
              'Product variant does not exist',
              'PRODUCT_VARIANT_DOES_NOT_EXIST',
            ),
          );
        const change: (typeof changes)[number] = { v };
        for (const field of ['price', 'compareAtPrice'] as const) {
          const raw = input[field];
          if (raw === undefined) continue;
          if (raw === null) {
            if (field === 'price')
              return void errors.push(
                userError(['variants', i, field], "Price can't be blank", 'BLANK'),
              );
            change.compareAtPrice = null;
            continue;
          }
          const money = normaliseMoney(raw);
          if (money === null)
            return void errors.push(
              userError(['variants', i, field], `${field} is invalid`, 'INVALID_VALUE'),
            );
          if (money.startsWith('-'))
            return void errors.push(
              userError(
                ['variants', i, field],
                'Price must be greater than or equal to 0',
                'GREATER_THAN_OR_EQUAL_TO',
              ),
            );
          change[field] = money;
        }
        changes.push(change);
      });
      if (errors.length && !args.allowPartialUpdates)
        return { product: productView(p, ctx), productVariants: null, userErrors: errors };
      const now = ctx.now();
      for (const c of changes) {
        if (c.price !== undefined) c.v.price = c.price;
        if (c.compareAtPrice !== undefined) c.v.compareAtPrice = c.compareAtPrice;
        c.v.updatedAt = now;
      }
      if (changes.length) p.updatedAt = now;
      return {
        product: productView(p, ctx),
        productVariants: changes.map((c) => variantView(c.v, ctx)),
        userErrors: errors,
      };
    },
  };
}
