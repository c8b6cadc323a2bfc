import type { ShopLocation } from '../model/stock.js';

/** The shop's locations, inactive ones included (the stock sync and the shipments step read them). */
export interface ShopLocations {
  locations(signal: AbortSignal): Promise<readonly ShopLocation[]>;
}
