/**
 * A Shopify Admin GraphQL API simulator for tests and benchmarks: a real HTTP server on 127.0.0.1
 * that validates every document against the vendored 2026-10 schema, charges Shopify's calculated
 * cost against a leaky bucket, and keeps an in-memory shop (products, collections, metafield
 * definitions, orders, bulk operations).
 */
import { DEFAULT_ACCESS_SCOPES } from './app-installation.js';
import { createLeakyBucket } from './bucket.js';
import { createBulkRegistry, type BulkStatus } from './bulk.js';
import type { ShopSettings, SimContext } from './context.js';
import { FULL_ACCESS, type AppAccess } from './app-access.js';
import { createFaults, type ShopifyFaults } from './faults.js';
import { gid, parseGid } from './gid.js';
import {
  commitOrderLines,
  createInventoryBook,
  inspectInventory,
  type InventoryInspection,
} from './inventory.js';
import {
  createGraphQLHandler,
  runDocument,
  type MutableCounters,
  type MutationWindow,
} from './graphql-handler.js';
import { startHttpServer } from './http-server.js';
import { createOrderBook, type OrderBook } from './orders.js';
import { createFulfillmentStore, type FulfillmentBook } from './fulfillments.js';
import { knownTrackingCompanies } from './tracking-companies.js';
import { productSet, type ProductSetInput } from './product-set.js';
import { LATEST_VERSION, loadAdminSchema } from './schema.js';
import {
  createShopStore,
  reindexCustomIds,
  removeCollection,
  removeProduct,
  type MetafieldRecord,
  type ProductRecord,
  type ProductStatus,
} from './store.js';
import {
  createVariantLimit,
  DEFAULT_VARIANT_LIMIT,
  type VariantLimitSettings,
} from './variant-limit.js';
import { collectionMembers } from './views.js';

export type { FaultRequest, ShopifyFaults } from './faults.js';
export type {
  LineItemSeed,
  MoneySeed,
  OrderBook,
  OrderRecord,
  OrderSeed,
  AddressSeed,
} from './orders.js';
export type { ProductSetInput } from './product-set.js';
export type { FulfillmentBook, FulfillmentState } from './fulfillments.js';
export { SUPPORTED_VERSIONS, LATEST_VERSION } from './schema.js';

export interface ShopifySimulatorOptions {
  /** Shop name; the shop domain is `<shop>.myshopify.com`. Default `sim-shop`. */
  readonly shop?: string;
  /** The only token accepted in `X-Shopify-Access-Token`. Default `shpat_simulator`. */
  readonly accessToken?: string;
  /** Leaky bucket size in cost points. Default 2000 (Standard plan). */
  readonly bucketSize?: number;
  /** Points restored per second. Default 100 (Standard plan). */
  readonly restoreRate?: number;
  /** HTTP status of THROTTLED answers. Default 200, as Shopify usually sends. */
  readonly throttleStatus?: 200 | 429;
  /** Rows per second a bulk operation processes. Default 500. */
  readonly bulkRowsPerSecond?: number;
  /** Shop currency. Default EUR. */
  readonly currencyCode?: string;
  /** Default [currencyCode]. */
  readonly enabledPresentmentCurrencies?: readonly string[];
  /** `shop.plan`. Default { publicDisplayName: 'Basic', shopifyPlus: false }. */
  readonly plan?: { readonly publicDisplayName: string; readonly shopifyPlus: boolean };
  /** Granted access scopes. Default: every scope the jobs use (DEFAULT_ACCESS_SCOPES). */
  readonly accessScopes?: readonly string[];
  /** The shop's locations, in fulfilment priority order. Default one active 'Main warehouse'. */
  readonly locations?: readonly { readonly name: string; readonly active?: boolean }[];
  /** Publication (sales channel) titles. Default ['Online Store']. */
  readonly publications?: readonly string[];
  /** TCP port on 127.0.0.1; default 0 (random). */
  readonly port?: number;
  /** Listen address; default 127.0.0.1 (tests). 0.0.0.0 in the skaffold dev cluster's pod. */
  readonly host?: string;
  /**
   * Base URL clients reach this simulator at, used in the staged-upload targets and bulk result
   * URLs it hands out (in a cluster: its Service's URL). Default: its loopback URL.
   */
  readonly publicUrl?: string;
  /**
   * How many `job` polls a collection membership change (collectionUpdate with sources) stays
   * `done: false` for before it is applied. Default 1; 0 applies it at once (job: null).
   */
  readonly collectionJobPolls?: number;
  /**
   * The daily variant creation limit (VARIANT_THROTTLE_EXCEEDED): default 1,000 a day once the
   * store has 50,000 variants; a Plus plan is exempt.
   */
  readonly variantLimit?: Partial<VariantLimitSettings>;
  /** Clock in epoch ms for the bucket and every timestamp (inject one to test throttling without sleeping). */
  readonly now?: () => number;
  /** What Shopify granted the app (default: everything); see AppAccess. */
  readonly access?: Partial<AppAccess>;
}

/** Counters since start or the last `resetCounters()`. */
export interface ShopifyCounters {
  /** GraphQL HTTP requests, including faulted and rejected ones. */
  readonly requests: number;
  /** Sum of actualQueryCost of executed requests. */
  readonly costSpent: number;
  /** THROTTLED answers (bucket empty or forced). */
  readonly throttled: number;
  /** Executed root fields by name (e.g. `{ productSet: 12, orders: 3 }`). */
  readonly rootFields: Readonly<Record<string, number>>;
  /** Actual cost by the operation's first root field (e.g. `{ nodes: 410, orders: 12 }`). */
  readonly rootFieldCost: Readonly<Record<string, number>>;
  /** Mutations only: their cost and the span they were sent over (benchmarks' sustained rate). */
  readonly mutations: Readonly<MutationWindow>;
}

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

export interface ShopifySimulator {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly shop: string;
  readonly accessToken: string;
  /** The latest version (2026-10). */
  readonly apiVersion: string;
  /** `<url>/admin/api/<version>/graphql.json`. */
  graphqlUrl(version?: string): string;
  readonly state: ShopifyState;
  readonly orders: OrderBook;
  /** Fulfillment orders and fulfilments of the orders (routing, hand fulfilment, line refunds). */
  readonly fulfillments: FulfillmentBook;
  /** Locations and inventory levels (inventory.ts). */
  readonly inventory: InventoryInspection;
  readonly faults: ShopifyFaults;
  /** Plays an app with (or without) protected-customer-data approval and read_all_orders. */
  setAccess(access: Partial<AppAccess>): void;
  counters(): ShopifyCounters;
  resetCounters(): void;
  /** Another plan's limits from now on (a benchmark's set-up runs faster than what it measures). */
  setLimits(limits: { readonly bucketSize: number; readonly restoreRate: number }): void;
  close(): Promise<void>;
}

const recordOf = (list: readonly MetafieldRecord[] | null): Record<string, string> =>
  Object.fromEntries((list ?? []).map((m) => [`${m.namespace}.${m.key}`, m.value]));

export async function startShopifySimulator(
  options: ShopifySimulatorOptions = {},
): Promise<ShopifySimulator> {
  const schema = loadAdminSchema();
  const now = options.now ?? Date.now;
  const shop = options.shop ?? 'sim-shop';
  const accessToken = options.accessToken ?? 'shpat_simulator';
  const currencyCode = options.currencyCode ?? 'EUR';
  const settings: ShopSettings = {
    shop,
    name: shop,
    currencyCode,
    enabledPresentmentCurrencies: options.enabledPresentmentCurrencies ?? [currencyCode],
    plan: options.plan ?? { publicDisplayName: 'Basic', shopifyPlus: false },
    accessScopes: options.accessScopes ?? DEFAULT_ACCESS_SCOPES,
    publications: options.publications ?? ['Online Store'],
    collectionJobPolls: options.collectionJobPolls ?? 1,
  };
  const store = createShopStore(settings.publications);
  // One set of locations for stock and fulfilment: the first is the default fulfilment location.
  const inventory = createInventoryBook(
    options.locations ?? [{ name: 'Shop location' }],
    () => store.nextId(),
    now,
  );
  const orders = createOrderBook({
    now,
    nextId: () => store.nextId(),
    currencyCode,
    onCreated: (o) => commitOrderLines(inventory, o.lines, now()),
  });
  const fulfillments = createFulfillmentStore({
    orders,
    nextId: () => store.nextId(),
    now,
    locations: inventory.locations,
  });
  const trackingCompanies = knownTrackingCompanies(schema);
  const bucket = createLeakyBucket({
    size: options.bucketSize ?? 2000,
    restoreRate: options.restoreRate ?? 100,
    now,
  });
  const counters: MutableCounters = {
    requests: 0,
    costSpent: 0,
    throttled: 0,
    rootFields: {},
    rootFieldCost: {},
    mutations: { cost: 0, firstAt: null, lastAt: null },
  };
  let baseUrl = '';
  // One truth for read_all_orders: the granted scopes unless `access` says otherwise.
  const access: AppAccess = {
    ...FULL_ACCESS,
    readAllOrders: settings.accessScopes.includes('read_all_orders'),
    ...options.access,
  };

  const variantLimit = createVariantLimit({ ...DEFAULT_VARIANT_LIMIT, ...options.variantLimit });
  const context = (unbounded: boolean): SimContext => ({
    access,
    variantLimit,
    store,
    orders,
    fulfillments,
    trackingCompanies,
    inventory,
    bulk,
    settings,
    baseUrl: () => baseUrl,
    now,
    unbounded,
  });
  const bulk = createBulkRegistry({
    schema,
    baseUrl: () => baseUrl,
    now,
    nextId: () => store.nextId(),
    rowsPerSecond: options.bulkRowsPerSecond ?? 500,
    executeDocument: (document, variables, unbounded) =>
      runDocument(schema, context(unbounded), document, variables),
  });
  const faults = createFaults((o) => bulk.failNext(o));
  const graphql = createGraphQLHandler({
    schema,
    bucket,
    counters,
    throttleStatusCode: options.throttleStatus ?? 200,
    context,
  });

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

  const snapshotCounters = (): ShopifyCounters => ({
    ...counters,
    rootFields: { ...counters.rootFields },
    rootFieldCost: { ...counters.rootFieldCost },
    mutations: { ...counters.mutations },
  });
  const resetCounters = (): void => {
    counters.requests = 0;
    counters.costSpent = 0;
    counters.throttled = 0;
    counters.rootFields = {};
    counters.rootFieldCost = {};
    counters.mutations = { cost: 0, firstAt: null, lastAt: null };
  };

  const { server, url } = await startHttpServer(
    {
      accessToken,
      faults,
      bulk,
      counters,
      graphql,
      inspect: (what) => {
        switch (what) {
          case 'counters':
            return snapshotCounters();
          case 'reset-counters':
            return resetCounters();
          case 'products':
            return state.products();
          case 'collections':
            return state.collections();
          case 'definitions':
            return state.definitions();
          case 'orders':
            return orders.list().map((o) => ({
              id: gid('Order', o.num),
              name: o.name,
              updatedAt: new Date(o.updatedAt).toISOString(),
            }));
          case 'bulk-operations':
            return state.bulkOperations();
          default:
            return undefined;
        }
      },
    },
    options.port ?? 0,
    options.host,
  );
  baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? url;

  return {
    url,
    shop,
    accessToken,
    apiVersion: LATEST_VERSION,
    graphqlUrl: (version = LATEST_VERSION) => `${url}/admin/api/${version}/graphql.json`,
    state,
    orders,
    fulfillments: fulfillments.book,
    inventory: inspectInventory(inventory, () => store.nextId(), now),
    faults,
    setAccess: (changes) => Object.assign(access, changes),
    counters: snapshotCounters,
    resetCounters,
    setLimits: (limits) => bucket.setLimits(limits.bucketSize, limits.restoreRate),
    async close() {
      bulk.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * For `simulators/cli.ts`: starts the simulator on a fixed port and returns it with a one-line
 * description to print (URL, GraphQL endpoint, shop, token variable name; never the token itself
 * unless it is the public default).
 */
export async function startShopifySimulatorForCli(
  options: ShopifySimulatorOptions & { port: number },
): Promise<{ simulator: ShopifySimulator; banner: string }> {
  const simulator = await startShopifySimulator(options);
  const token = options.accessToken ? '(token from options)' : simulator.accessToken;
  return {
    simulator,
    banner: `shopify simulator: ${simulator.graphqlUrl()} shop=${simulator.shop} token=${token} faults=POST ${simulator.url}/_sim/faults counters=GET ${simulator.url}/_sim/counters`,
  };
}
