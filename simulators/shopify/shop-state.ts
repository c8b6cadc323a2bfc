/**
 * In-process inspection and seeding of the simulated shop (`ShopifySimulator.state`): snapshots of
 * what the shop holds, and the admin-side changes a merchant makes by hand.
 */
import type { BulkRegistry, BulkStatus } from './bulk-types.js';
import { gid, parseGid } from './gid.js';
import { productSet, type ProductSetInput } from './product-set.js';
import {
  reindexCustomIds,
  removeCollection,
  removeProduct,
  type MetafieldRecord,
  type ProductRecord,
  type ProductStatus,
  type ShopStore,
} from './store.js';
import { collectionMembers } from './views.js';

/** A product as the shop holds it (inspection snapshot; metafields keyed `namespace.key`). */
export interface ProductState {
  readonly id: string;
  readonly title: string;
  readonly handle: string;
  readonly status: ProductStatus;
  readonly vendor: string;
  readonly productType: string;
  readonly descriptionHtml: string;
  readonly tags: readonly string[];
  /** Published on at least one publication. */
  readonly published: boolean;
  /** Titles of the publications it is published on. */
  readonly publications: readonly string[];
  readonly options: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly variants: readonly {
    readonly id: string;
    readonly price: string;
    readonly compareAtPrice: string | null;
    readonly sku: string | null;
    readonly barcode: string | null;
    readonly weight: { readonly value: number; readonly unit: string } | null;
    readonly optionValues: readonly string[];
    readonly metafields: Readonly<Record<string, string>>;
  }[];
  readonly metafields: Readonly<Record<string, string>>;
  /** GIDs of the collections the product is a member of. */
  readonly collections: readonly string[];
}

export interface CollectionState {
  readonly id: string;
  readonly title: string;
  readonly handle: string;
  readonly descriptionHtml: string;
  readonly published: boolean;
  /** Titles of the publications it is published on. */
  readonly publications: readonly string[];
  readonly metafields: Readonly<Record<string, string>>;
  /** Member product GIDs (union of the collection's sources). */
  readonly productIds: readonly string[];
}

export interface DefinitionState {
  readonly id: string;
  readonly ownerType: string;
  readonly namespace: string;
  readonly key: string;
  readonly type: string;
  readonly name: string;
  readonly adminAccess: string | null;
}

export interface BulkOperationSnapshot {
  readonly id: string;
  readonly type: 'MUTATION' | 'QUERY';
  readonly status: BulkStatus;
  readonly rows: number;
  readonly processed: number;
  readonly groupObjects: boolean;
}

/** In-process inspection and seeding of the simulated shop. */
export interface ShopifyState {
  products(): ProductState[];
  /** By GID or handle. */
  product(idOrHandle: string): ProductState | undefined;
  productCount(): number;
  collections(): CollectionState[];
  definitions(): DefinitionState[];
  bulkOperations(): BulkOperationSnapshot[];
  /**
   * Creates products directly (no HTTP, no cost) through productSet's logic; `make(i)` gives the
   * input. Returns the product GIDs. For benchmarks: 100,000 x 3 variants takes a few seconds.
   */
  seedProducts(count: number, make: (i: number) => ProductSetInput): string[];
  /**
   * Deletes a product as a merchant would in the admin (no HTTP, no cost); a deletion event is
   * recorded, as productDelete records one. False when there is no such product.
   */
  deleteProduct(productId: string): boolean;
  /** Deletes a collection as a merchant would in the admin; its products stay. */
  deleteCollection(collectionId: string): boolean;
  /**
   * Deletes one variant as a merchant would in the admin (productVariantsBulkDelete); false when
   * there is none or it is its product's last ("Cannot delete default variant",
   * ProductVariantsBulkDeleteUserErrorCode CANNOT_DELETE_LAST_VARIANT).
   */
  deleteVariant(variantId: string): boolean;
  /** Creates the `id`-type custom-id definition (as metafieldDefinitionCreate would). */
  defineCustomId(
    ownerType: 'PRODUCT' | 'PRODUCTVARIANT' | 'COLLECTION',
    namespace: string,
    key: string,
  ): void;
}

const recordOf = (list: readonly MetafieldRecord[] | null): Record<string, string> =>
  Object.fromEntries((list ?? []).map((m) => [`${m.namespace}.${m.key}`, m.value]));

export function createShopState(deps: {
  readonly store: ShopStore;
  readonly bulk: BulkRegistry;
  readonly now: () => number;
}): ShopifyState {
  const { store, bulk, now } = deps;
  const titlesOf = (nums: readonly number[]): string[] =>
    nums.map((n) => store.publications.get(n)?.title ?? String(n));
  const productState = (p: ProductRecord): ProductState => ({
    id: gid('Product', p.num),
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    descriptionHtml: p.descriptionHtml,
    tags: p.tags,
    published: p.publishedOn.length > 0,
    publications: titlesOf(p.publishedOn),
    options: p.options.map((o) => ({ name: o.name, values: o.values.map((v) => v.name) })),
    variants: p.variants.map((v) => ({
      id: gid('ProductVariant', v.num),
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      sku: v.sku,
      barcode: v.barcode,
      weight: v.weight,
      optionValues: v.optionValues,
      metafields: recordOf(v.metafields),
    })),
    metafields: recordOf(p.metafields),
    collections: [...store.collections.values()]
      .filter((c) => collectionMembers(c).includes(p.num))
      .map((c) => gid('Collection', c.num)),
  });

  const state: ShopifyState = {
    products: () => [...store.products.values()].map(productState),
    product(idOrHandle) {
      const num = /^gid:/.test(idOrHandle)
        ? Number(idOrHandle.split('/').pop())
        : store.productsByHandle.get(idOrHandle);
      const p = num === undefined ? undefined : store.products.get(num);
      return p ? productState(p) : undefined;
    },
    productCount: () => store.products.size,
    collections: () =>
      [...store.collections.values()].map((c) => ({
        id: gid('Collection', c.num),
        title: c.title,
        handle: c.handle,
        descriptionHtml: c.descriptionHtml,
        published: c.publishedOn.length > 0,
        publications: titlesOf(c.publishedOn),
        metafields: recordOf(c.metafields),
        productIds: collectionMembers(c).map((n) => gid('Product', n)),
      })),
    definitions: () =>
      [...store.definitions.values()].map((d) => ({
        id: gid('MetafieldDefinition', d.num),
        ownerType: d.ownerType,
        namespace: d.namespace,
        key: d.key,
        type: d.type,
        name: d.name,
        adminAccess: d.adminAccess ?? null,
      })),
    bulkOperations: () =>
      bulk.list().map((o) => ({
        id: gid('BulkOperation', o.num),
        type: o.type,
        status: o.status,
        rows: o.rows.length,
        processed: o.results.length,
        groupObjects: o.groupObjects,
      })),
    seedProducts(count, make) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const r = productSet(store, null, make(i), now());
        if (!r.product) throw new Error(`seedProducts(${i}): ${JSON.stringify(r.userErrors)}`);
        ids.push(gid('Product', r.product.num));
      }
      return ids;
    },
    deleteProduct(productId) {
      const num = parseGid(productId, 'Product');
      return num !== null && removeProduct(store, num, now());
    },
    deleteCollection(collectionId) {
      const num = parseGid(collectionId, 'Collection');
      return num !== null && removeCollection(store, num, now());
    },
    deleteVariant(variantId) {
      const v = store.variants.get(parseGid(variantId, 'ProductVariant') ?? -1);
      const p = v && store.products.get(v.productNum);
      if (!v || !p || p.variants.length <= 1) return false;
      p.variants = p.variants.filter((x) => x !== v);
      store.variants.delete(v.num);
      reindexCustomIds(store, 'PRODUCTVARIANT', v.num, v.metafields, null);
      p.updatedAt = now();
      return true;
    },
    defineCustomId(ownerType, namespace, key) {
      for (const d of store.definitions.values())
        if (d.ownerType === ownerType && d.namespace === namespace && d.key === key) return;
      const num = store.nextId();
      store.definitions.set(num, {
        num,
        name: `${key} (${ownerType})`,
        namespace,
        key,
        type: 'id',
        ownerType,
        description: null,
      });
    },
  };
  return state;
}
