/**
 * A Shopify Admin GraphQL API simulator for tests and benchmarks: a real HTTP server on 127.0.0.1
 * that validates every document against the vendored 2026-10 schema, charges Shopify's calculated
 * cost against a leaky bucket, and keeps an in-memory shop (products, collections, metafield
 * definitions, orders, bulk operations).
 */
import { DEFAULT_ACCESS_SCOPES } from './app-installation.js';
import { createLeakyBucket } from './bucket.js';
import { createBulkRegistry } from './bulk.js';
import type { ShopSettings, SimContext } from './context.js';
import { FULL_ACCESS, type AppAccess } from './app-access.js';
import {
  newCounters,
  resetCounters as resetCountersOf,
  snapshotCounters as snapshotCountersOf,
  type ShopifyCounters,
} from './counters.js';
import { createFaults, type ShopifyFaults } from './faults.js';
import { gid } from './gid.js';
import {
  commitOrderLines,
  createInventoryBook,
  inspectInventory,
  type InventoryInspection,
} from './inventory.js';
import { createGraphQLHandler, runDocument } from './graphql-handler.js';
import { startHttpServer } from './http-server.js';
import type { OrderBook } from './order-records.js';
import { createOrderBook } from './orders.js';
import type { FulfillmentBook } from './fulfillment-records.js';
import { createFulfillmentStore } from './fulfillments.js';
import { knownTrackingCompanies } from './tracking-companies.js';
import { LATEST_VERSION, loadAdminSchema } from './schema.js';
import { createShopState, type ShopifyState } from './shop-state.js';
import type { ShopifySimulatorOptions } from './simulator-options.js';
import { createShopStore } from './store.js';
import { createVariantLimit, DEFAULT_VARIANT_LIMIT } from './variant-limit.js';

export type { FaultRequest, ShopifyFaults } from './faults.js';
export type {
  LineItemSeed,
  MoneySeed,
  OrderBook,
  OrderRecord,
  OrderSeed,
  AddressSeed,
} from './order-records.js';
export type { ProductSetInput } from './product-set.js';
export type { FulfillmentBook, FulfillmentState } from './fulfillment-records.js';
export { SUPPORTED_VERSIONS, LATEST_VERSION } from './schema.js';
export type { ShopifyCounters } from './counters.js';
export type {
  BulkOperationSnapshot,
  CollectionState,
  DefinitionState,
  ProductState,
  ShopifyState,
} from './shop-state.js';
export type { ShopifySimulatorOptions } from './simulator-options.js';

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
    // Committed where the order is routed: its fulfillment orders are assigned there.
    onCreated: (o) => fulfillments.assign(o.num, commitOrderLines(inventory, o.lines, now())),
  });
  const fulfillments = createFulfillmentStore({
    orders,
    nextId: () => store.nextId(),
    now,
    inventory,
  });
  const trackingCompanies = knownTrackingCompanies(schema);
  const bucket = createLeakyBucket({
    size: options.bucketSize ?? 2000,
    restoreRate: options.restoreRate ?? 100,
    now,
  });
  const counters = newCounters();
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
    exportTurn: options.bulkExportTurn,
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

  const state = createShopState({ store, bulk, now });

  const snapshotCounters = (): ShopifyCounters => snapshotCountersOf(counters);
  const resetCounters = (): void => resetCountersOf(counters);

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
