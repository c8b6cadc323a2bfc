import { check, type Check } from './check.js';

/**
 * Every Admin API access scope the jobs use, with what breaks without it. Source: each
 * operation's "Requires ... access scope" note in the Admin GraphQL reference (shopify.dev/docs/
 * api/admin-graphql), and shopify.dev/docs/api/usage/access-scopes, which says an app granted a
 * `write_` scope also has the matching `read_` access: a granted write scope satisfies its read.
 */
export interface RequiredScope {
  readonly scope: string;
  readonly breaks: string;
  /** false: the jobs work without it, with the limitation named in `breaks` (a warning). */
  readonly required: boolean;
  /** Needed only when the store runs sync-inventory (INVENTORY_LOCATIONS set). */
  readonly stockOnly?: boolean;
  /** Needed only when sync-orders runs the shipments step (SHIPMENTS_ENABLED=true). */
  readonly shipmentsOnly?: boolean;
}

export const REQUIRED_SCOPES: readonly RequiredScope[] = [
  {
    scope: 'read_products',
    breaks:
      'sync-to-shopify cannot read products, collections or the custom-id definitions (every run fails)',
    required: true,
  },
  {
    scope: 'write_products',
    breaks:
      'sync-to-shopify cannot create or update products, variants, prices, collections or the custom-id definitions (every run fails)',
    required: true,
  },
  {
    scope: 'write_publications',
    breaks:
      'new products and collections cannot be published to the SHOPIFY_PUBLISH_TO channels (every catalogue run fails to find them); not needed with SHOPIFY_PUBLISH_TO=none',
    required: true,
  },
  {
    scope: 'read_orders',
    breaks: 'sync-orders cannot read orders (every run fails)',
    required: true,
  },
  {
    // fulfillmentCreate (2026-10 reference): "Requires write_assigned_fulfillment_orders access
    // scope, write_merchant_managed_fulfillment_orders access scope or
    // write_third_party_fulfillment_orders"; FulfillmentOrder ("API access scopes"): the
    // merchant-managed pair covers fulfillment orders at the shop's own locations, where API X's
    // warehouses ship from. The write scope grants the read one.
    scope: 'write_merchant_managed_fulfillment_orders',
    breaks:
      "sync-orders cannot read the orders' fulfillment orders or turn API X's shipments into fulfilments with tracking (the shipments step fails every run, after the orders are pushed)",
    required: true,
    shipmentsOnly: true,
  },
  {
    // inventorySetQuantities, inventoryActivate, inventoryItemUpdate: "Requires write_inventory
    // access scope" (2026-10 reference); it grants read_inventory.
    scope: 'write_inventory',
    breaks:
      'sync-inventory cannot track items, stock them at locations or set on hand (every run fails)',
    required: true,
    stockOnly: true,
  },
  {
    // QueryRoot.locations: "Requires read_locations access scope". sync-orders reads them too,
    // for a shipment whose warehouse INVENTORY_LOCATIONS maps (app/usecases/shipment-location.ts).
    scope: 'read_locations',
    breaks:
      "sync-inventory cannot read the shop's locations to check INVENTORY_LOCATIONS (every run fails); with SHIPMENTS_ENABLED, neither can sync-orders for a shipment from a mapped warehouse (its shipments step fails)",
    required: true,
    stockOnly: true,
  },
  {
    scope: 'read_customers',
    breaks: "the order's customer (name, email) cannot be read: orders reach API X without them",
    required: false,
  },
  {
    scope: 'read_all_orders',
    breaks:
      'orders older than 60 days cannot be read: their refunds, cancellations and returns never reach API X, and a backfill past 60 days is refused',
    required: false,
  },
];

/** `write_x` grants `read_x` too (shopify.dev, "access scopes"). */
export function grants(granted: ReadonlySet<string>, scope: string): boolean {
  if (granted.has(scope)) return true;
  const match = /^read_(.+)$/.exec(scope);
  return match !== null && granted.has(`write_${match[1]}`);
}

/**
 * One check per missing scope (fail when the jobs need it, warn when they only lose a feature),
 * or one ok line listing what is granted. `backfillDays` over 60 makes read_all_orders required;
 * write_publications is not needed when nothing is published (SHOPIFY_PUBLISH_TO=none).
 */
export function scopeChecks(
  granted: readonly string[],
  jobs: {
    readonly backfillDays: number;
    readonly publishes: boolean;
    readonly stock?: boolean;
    readonly shipments?: boolean;
  },
): Check[] {
  const { backfillDays } = jobs;
  const set = new Set(granted);
  const needed = REQUIRED_SCOPES.filter(
    (s) =>
      (jobs.publishes || s.scope !== 'write_publications') &&
      (jobs.stock === true || s.stockOnly !== true) &&
      (jobs.shipments === true || s.shipmentsOnly !== true),
  );
  const missing = needed.filter((s) => !grants(set, s.scope));
  if (missing.length === 0)
    return [
      check(
        'shopify',
        'access-scopes',
        'ok',
        `every scope the jobs need is granted (${needed.map((s) => s.scope).join(', ')})`,
      ),
    ];
  return missing.map((s) => {
    const required = s.required || (s.scope === 'read_all_orders' && backfillDays > 60);
    return check(
      'shopify',
      `scope-${s.scope.replace(/_/g, '-')}`,
      required ? 'fail' : 'warn',
      `access scope ${s.scope} is not granted: ${s.breaks}${
        s.scope === 'read_all_orders' && backfillDays > 60
          ? ` (ORDERS_BACKFILL_DAYS is ${backfillDays})`
          : ''
      }`,
      `add ${s.scope} to the app's access scopes and have the merchant approve it (custom app: Settings > Apps > Develop apps > Configuration)`,
    );
  });
}
