import { connectionOf, type PageArgs } from './connection.js';
import type { SimContext } from './context.js';
import { gid, isoSeconds } from './gid.js';
import type {
  CollectionRecord,
  DefinitionRecord,
  MetafieldRecord,
  ProductRecord,
  VariantRecord,
} from './store.js';
import { inventoryItemView } from './inventory.js';

// Views are plain objects for graphql-js's default resolvers; fields with arguments are methods
// (graphql-js calls them with (args, context)). Built per request, never stored.

const byNum = (x: { num: number }): readonly number[] => [x.num];

export function metafieldView(m: MetafieldRecord, ownerType: string, updatedAt: number) {
  return {
    __typename: 'Metafield',
    id: gid('Metafield', m.num),
    legacyResourceId: String(m.num),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    jsonValue: m.value,
    ownerType,
    compareDigest: () => Buffer.from(`${m.num}:${m.value}`).toString('base64url'),
    createdAt: () => isoSeconds(updatedAt),
    updatedAt: () => isoSeconds(updatedAt),
    description: null,
  };
}

/** `metafield(namespace, key)` and `metafields(first, …)` for any owner. */
function metafieldFields(
  list: readonly MetafieldRecord[] | null,
  ownerType: string,
  updatedAt: number,
) {
  const all = list ?? [];
  return {
    metafield: (args: { namespace?: string | null; key: string }) => {
      const namespace = args.namespace ?? '$app';
      const m = all.find((x) => x.namespace === namespace && x.key === args.key);
      return m ? metafieldView(m, ownerType, updatedAt) : null;
    },
    metafields: (
      args: PageArgs & { namespace?: string | null; keys?: string[] | null },
      ctx: SimContext,
    ) => {
      const picked = all.filter(
        (m) =>
          (args.namespace == null || m.namespace === args.namespace) &&
          (args.keys == null || args.keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connectionOf(
        picked,
        args,
        byNum,
        (m) => metafieldView(m, ownerType, updatedAt),
        ctx.unbounded,
      );
    },
  };
}

const count = (n: number) => ({ count: n, precision: 'EXACT' });

export function variantView(v: VariantRecord, ctx: SimContext): Record<string, unknown> {
  const product = ctx.store.products.get(v.productNum);
  const title = v.optionValues.join(' / ');
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', v.num),
    legacyResourceId: String(v.num),
    title,
    displayName: () => `${product?.title ?? ''} - ${title}`,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    sku: v.sku,
    barcode: v.barcode,
    inventoryItem: () => inventoryItemView(ctx, v.num),
    position: () => (product?.variants.indexOf(v) ?? 0) + 1,
    availableForSale: product?.status === 'ACTIVE',
    taxable: true,
    inventoryPolicy: 'DENY',
    inventoryQuantity: 0,
    createdAt: () => isoSeconds(v.createdAt),
    updatedAt: () => isoSeconds(v.updatedAt),
    selectedOptions: () =>
      (product?.options ?? []).map((o, i) => ({
        name: o.name,
        value: v.optionValues[i] ?? '',
        optionValue: {
          id: gid(
            'ProductOptionValue',
            o.values.find((x) => x.name === v.optionValues[i])?.num ?? 0,
          ),
          name: v.optionValues[i] ?? '',
          hasVariants: true,
        },
      })),
    product: () => (product ? productView(product, ctx) : null),
    ...metafieldFields(v.metafields, 'PRODUCTVARIANT', v.updatedAt),
  };
}

export function productView(p: ProductRecord, ctx: SimContext): Record<string, unknown> {
  const collections = () =>
    [...ctx.store.collections.values()].filter((c) =>
      c.sources.some((s) => s.productNums.includes(p.num)),
    );
  return {
    __typename: 'Product',
    id: gid('Product', p.num),
    legacyResourceId: String(p.num),
    title: p.title,
    handle: p.handle,
    descriptionHtml: p.descriptionHtml,
    description: () => p.descriptionHtml.replace(/<[^>]*>/g, ''),
    vendor: p.vendor,
    productType: p.productType,
    status: p.status,
    tags: p.tags,
    isGiftCard: false,
    totalVariants: p.variants.length,
    totalInventory: 0,
    tracksInventory: false,
    hasOnlyDefaultVariant: () =>
      p.options.length === 1 && p.options[0]?.name === 'Title' && p.variants.length === 1,
    publishedAt: () => (p.publishedOn.length > 0 ? isoSeconds(p.updatedAt) : null),
    publishedOnPublication: (args: { publicationId: string }) =>
      p.publishedOn.some((n) => gid('Publication', n) === args.publicationId),
    createdAt: () => isoSeconds(p.createdAt),
    updatedAt: () => isoSeconds(p.updatedAt),
    variantsCount: count(p.variants.length),
    options: (args: { first?: number | null }) =>
      p.options.slice(0, args.first ?? undefined).map((o, i) => ({
        __typename: 'ProductOption',
        id: gid('ProductOption', o.num),
        name: o.name,
        position: i + 1,
        values: o.values.map((v) => v.name),
        optionValues: o.values.map((v) => ({
          id: gid('ProductOptionValue', v.num),
          name: v.name,
          hasVariants: p.variants.some((x) => x.optionValues[i] === v.name),
        })),
      })),
    variants: (args: PageArgs) => {
      const list = p.variants.map((v, i) => ({ v, i }));
      return connectionOf(
        list,
        args,
        (x) => [x.i],
        (x) => variantView(x.v, ctx),
        ctx.unbounded,
      );
    },
    collections: (args: PageArgs) =>
      connectionOf(collections(), args, byNum, (c) => collectionView(c, ctx), ctx.unbounded),
    inCollection: (args: { id: string }) =>
      collections().some((c) => gid('Collection', c.num) === args.id),
    ...metafieldFields(p.metafields, 'PRODUCT', p.updatedAt),
  };
}

export function collectionMembers(c: CollectionRecord): number[] {
  const seen = new Set<number>();
  for (const s of c.sources) for (const n of s.productNums) seen.add(n);
  return [...seen];
}

/** The products behind these numbers that still exist: a deleted product stays in sources. */
function storedProducts(ctx: SimContext, nums: readonly number[]): ProductRecord[] {
  return nums
    .map((n) => ctx.store.products.get(n))
    .filter((p): p is ProductRecord => p !== undefined);
}

export function collectionView(c: CollectionRecord, ctx: SimContext): Record<string, unknown> {
  const members = () => storedProducts(ctx, collectionMembers(c));
  return {
    __typename: 'Collection',
    id: gid('Collection', c.num),
    legacyResourceId: String(c.num),
    title: c.title,
    handle: c.handle,
    descriptionHtml: c.descriptionHtml,
    description: () => c.descriptionHtml.replace(/<[^>]*>/g, ''),
    sortOrder: c.sortOrder,
    updatedAt: () => isoSeconds(c.updatedAt),
    publishedOnPublication: (args: { publicationId: string }) =>
      c.publishedOn.some((n) => gid('Publication', n) === args.publicationId),
    productsCount: () => count(members().length),
    hasProduct: (args: { id: string }) => members().some((p) => gid('Product', p.num) === args.id),
    products: (args: PageArgs) =>
      connectionOf(members(), args, byNum, (p) => productView(p, ctx), ctx.unbounded),
    sources: () =>
      c.sources.map((s) => ({
        __typename: 'CollectionConditionsSource',
        id: gid('CollectionConditionsSource', s.num),
        title: s.title,
        description: null,
        shareable: false,
        targetType: 'PRODUCTS',
        exclusion: null,
        inclusion: {
          conditions: [],
          matchType: null,
          selections: (args: PageArgs) =>
            connectionOf(
              storedProducts(ctx, s.productNums),
              args,
              byNum,
              (p) => ({ product: productView(p, ctx), variants: null }),
              ctx.unbounded,
            ),
        },
        products: (args: PageArgs) =>
          connectionOf(
            storedProducts(ctx, s.productNums),
            args,
            byNum,
            (p) => productView(p, ctx),
            ctx.unbounded,
          ),
      })),
    ...metafieldFields(c.metafields, 'COLLECTION', c.updatedAt),
  };
}

export function definitionView(d: DefinitionRecord): Record<string, unknown> {
  return {
    __typename: 'MetafieldDefinition',
    id: gid('MetafieldDefinition', d.num),
    name: d.name,
    namespace: d.namespace,
    key: d.key,
    ownerType: d.ownerType,
    description: d.description,
    type: {
      name: d.type,
      category: d.type === 'id' ? 'REFERENCE' : 'TEXT',
      valueType: 'STRING',
      supportedValidations: [],
      supportsDefinitionMigrations: false,
    },
    validations: [],
    pinnedPosition: null,
    useAsCollectionCondition: false,
    validationStatus: 'ALL_VALID',
  };
}
