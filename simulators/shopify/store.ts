/**
 * The simulated shop's data: compact records (numbers and strings, no per-record closures) so that
 * 100,000 products with 3 variants each fit comfortably in memory. Views for GraphQL are built on
 * demand by views.ts.
 */

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT';

export interface MetafieldRecord {
  num: number;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface OptionRecord {
  num: number;
  name: string;
  values: { num: number; name: string }[];
}

export interface VariantRecord {
  num: number;
  productNum: number;
  price: string;
  compareAtPrice: string | null;
  sku: string | null;
  barcode: string | null;
  /** inventoryItem.measurement.weight */
  weight: { value: number; unit: string } | null;
  /** Value per option, in the product's option order. */
  optionValues: string[];
  metafields: MetafieldRecord[] | null;
  createdAt: number;
  updatedAt: number;
}

export interface ProductRecord {
  num: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  options: OptionRecord[];
  variants: VariantRecord[];
  metafields: MetafieldRecord[] | null;
  /**
   * Publications the product is published on. productCreate "creates products in an unpublished
   * state by default, so you must perform a separate operation to publish" (schema description
   * of productCreate); productSet is taken to do the same (stricter reading: it says nothing).
   */
  publishedOn: number[];
  createdAt: number;
  updatedAt: number;
}

/** A manual-selection source of a collection (2026-07+ "sources" model). */
export interface SourceRecord {
  num: number;
  title: string;
  productNums: number[];
}

export interface CollectionRecord {
  num: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  sortOrder: string;
  metafields: MetafieldRecord[] | null;
  sources: SourceRecord[];
  /** "The created collection is unpublished by default" (schema description of collectionCreate). */
  publishedOn: number[];
  updatedAt: number;
}

/** A publication (sales channel catalogue), found by its catalogue's title. */
export interface PublicationRecord {
  num: number;
  title: string;
}

export interface DefinitionRecord {
  num: number;
  name: string;
  namespace: string;
  key: string;
  type: string;
  ownerType: string;
  description: string | null;
  /** `access.admin` (MERCHANT_READ, MERCHANT_READ_WRITE); null: the default (merchant edits). */
  adminAccess?: string | null;
}

export type OwnerType = 'PRODUCT' | 'PRODUCTVARIANT' | 'COLLECTION' | 'ORDER';

export interface ShopStore {
  readonly products: Map<number, ProductRecord>;
  readonly variants: Map<number, VariantRecord>;
  readonly productsByHandle: Map<string, number>;
  readonly collections: Map<number, CollectionRecord>;
  readonly definitions: Map<number, DefinitionRecord>;
  readonly publications: Map<number, PublicationRecord>;
  /** Asynchronous jobs (collection membership); `run` is null once the job has run. */
  readonly jobs: Map<number, { num: number; pollsLeft: number; run: (() => void) | null }>;
  /** Owner number by `${ownerType}|${namespace}|${key}|${value}` for `id`-type metafields. */
  readonly customIds: Map<string, number>;
  /**
   * The `destroy` events Shopify keeps: the only trace a deleted product, collection or order
   * leaves (orders only through `events`; `deletionEvents` knows products and collections).
   */
  readonly deletionEvents: DeletionEventRecord[];
  nextId(): number;
}

export interface DeletionEventRecord {
  readonly num: number;
  readonly subjectType: 'PRODUCT' | 'COLLECTION' | 'ORDER';
  readonly subjectNum: number;
  readonly occurredAt: number;
}

/** `publicationTitles`: the shop's sales channels (the simulator's default: Online Store). */
export function createShopStore(
  publicationTitles: readonly string[] = ['Online Store'],
): ShopStore {
  let id = 1000;
  const publications = new Map<number, PublicationRecord>();
  for (const title of publicationTitles) publications.set(++id, { num: id, title });
  return {
    products: new Map(),
    variants: new Map(),
    productsByHandle: new Map(),
    collections: new Map(),
    definitions: new Map(),
    publications,
    jobs: new Map(),
    customIds: new Map(),
    deletionEvents: [],
    nextId: () => ++id,
  };
}

export function customIdKey(
  owner: OwnerType,
  namespace: string,
  key: string,
  value: string,
): string {
  return `${owner}|${namespace}|${key}|${value}`;
}

/** Namespace Shopify uses when a metafield input or identifier leaves it out. */
export const DEFAULT_NAMESPACE = '$app';

/** The `id`-type definition for (owner, namespace, key), if the shop has one. */
export function idDefinition(
  store: ShopStore,
  owner: OwnerType,
  namespace: string,
  key: string,
): DefinitionRecord | undefined {
  for (const d of store.definitions.values()) {
    if (d.ownerType === owner && d.namespace === namespace && d.key === key && d.type === 'id')
      return d;
  }
  return undefined;
}

/** Re-indexes the `id`-type metafields of one owner after its metafields changed. */
export function reindexCustomIds(
  store: ShopStore,
  owner: OwnerType,
  ownerNum: number,
  before: readonly MetafieldRecord[] | null,
  after: readonly MetafieldRecord[] | null,
): void {
  for (const m of before ?? []) {
    if (m.type !== 'id') continue;
    const k = customIdKey(owner, m.namespace, m.key, m.value);
    if (store.customIds.get(k) === ownerNum) store.customIds.delete(k);
  }
  for (const m of after ?? []) {
    if (m.type === 'id')
      store.customIds.set(customIdKey(owner, m.namespace, m.key, m.value), ownerNum);
  }
}

export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'product';
}

/** A free handle derived from `base`, suffixed -1, -2... as Shopify does. */
export function uniqueHandle(taken: (h: string) => boolean, base: string): string {
  if (!taken(base)) return base;
  for (let i = 1; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

export function removeProduct(store: ShopStore, num: number, now: number): boolean {
  const p = store.products.get(num);
  if (!p) return false;
  store.products.delete(num);
  store.deletionEvents.push({
    num: store.nextId(),
    subjectType: 'PRODUCT',
    subjectNum: num,
    occurredAt: now,
  });
  if (store.productsByHandle.get(p.handle) === num) store.productsByHandle.delete(p.handle);
  reindexCustomIds(store, 'PRODUCT', num, p.metafields, null);
  for (const v of p.variants) {
    store.variants.delete(v.num);
    reindexCustomIds(store, 'PRODUCTVARIANT', v.num, v.metafields, null);
  }
  for (const c of store.collections.values()) {
    for (const s of c.sources) s.productNums = s.productNums.filter((n) => n !== num);
  }
  return true;
}

/** Deletes a collection (its products stay), leaving a deletion event as Shopify does. */
export function removeCollection(store: ShopStore, num: number, now: number): boolean {
  const c = store.collections.get(num);
  if (!c) return false;
  store.collections.delete(num);
  reindexCustomIds(store, 'COLLECTION', num, c.metafields, null);
  store.deletionEvents.push({
    num: store.nextId(),
    subjectType: 'COLLECTION',
    subjectNum: num,
    occurredAt: now,
  });
  return true;
}
