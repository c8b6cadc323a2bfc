import type { AppAccess } from './app-access.js';
import type { BulkRegistry } from './bulk-types.js';
import type { FulfillmentStore } from './fulfillment-records.js';
import type { InventoryBook } from './inventory.js';
import type { OrderBook } from './order-records.js';
import type { ShopStore } from './store.js';
import type { VariantLimit } from './variant-limit.js';

/** Shop-level settings the simulator was started with. */
export interface ShopSettings {
  readonly shop: string;
  readonly name: string;
  readonly currencyCode: string;
  readonly enabledPresentmentCurrencies: readonly string[];
  /** `shop.plan` (ShopPlan): the public plan name and whether it is Plus. */
  readonly plan: { readonly publicDisplayName: string; readonly shopifyPlus: boolean };
  /** Access scope handles the app was granted (currentAppInstallation.accessScopes). */
  readonly accessScopes: readonly string[];
  /** Titles of the shop's publications (sales channels), e.g. "Online Store". */
  readonly publications: readonly string[];
  /** `job` polls a collection membership job answers `done: false` to; 0: applied at once. */
  readonly collectionJobPolls: number;
}

/** What every resolver and view may use; `unbounded` is set while a bulk export runs. */
export interface SimContext {
  readonly store: ShopStore;
  readonly orders: OrderBook;
  readonly fulfillments: FulfillmentStore;
  /** Tracking company names Shopify builds tracking URLs for (from the schema's list). */
  readonly trackingCompanies: ReadonlySet<string>;
  /** Locations, tracked items and inventory levels (inventory.ts). */
  readonly inventory: InventoryBook;
  readonly bulk: BulkRegistry;
  readonly settings: ShopSettings;
  readonly baseUrl: () => string;
  readonly now: () => number;
  readonly unbounded: boolean;
  /** What the app was granted; read on every request, so tests can change it between runs. */
  readonly access: AppAccess;
  /** The daily variant creation limit (ignored on a Plus plan, as Shopify does). */
  readonly variantLimit: VariantLimit;
}
