import type { AppAccess } from './app-access.js';
import type { VariantLimitSettings } from './variant-limit.js';

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
  /**
   * Awaited between two pages of a bulk export being built (default: the event loop's next
   * turn). Tests hold it to see the operation and other requests while the export builds.
   */
  readonly bulkExportTurn?: () => Promise<void>;
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
