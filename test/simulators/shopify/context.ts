import type { BulkRegistry } from './bulk.js';
import type { OrderBook } from './orders.js';
import type { ShopStore } from './store.js';

/** Shop-level settings the simulator was started with. */
export interface ShopSettings {
  readonly shop: string;
  readonly name: string;
  readonly currencyCode: string;
  readonly enabledPresentmentCurrencies: readonly string[];
}

/** What every resolver and view may use; `unbounded` is set while a bulk export runs. */
export interface SimContext {
  readonly store: ShopStore;
  readonly orders: OrderBook;
  readonly bulk: BulkRegistry;
  readonly settings: ShopSettings;
  readonly baseUrl: () => string;
  readonly now: () => number;
  readonly unbounded: boolean;
}
