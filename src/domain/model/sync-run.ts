export type JobName = 'sync-to-shopify' | 'sync-orders' | 'sync-inventory';
/**
 * `died`: found still `running` by a later run holding the lock, so its process ended without
 * recording an outcome (SIGKILL, OOM, node loss). Only ever set by that later run.
 */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted' | 'skipped' | 'died';
export type RunTrigger = 'schedule' | 'manual' | 'worker' | 'demo';
/**
 * `deferred`: an order delivery that failed transiently and waits for a later run, or an order not
 * sent because it waited most of its claim for a delivery slot.
 */
export type ItemResult =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'archived'
  /** A product made outside this service, found by its SKUs and taken over (not created). */
  | 'adopted'
  | 'failed'
  | 'pushed'
  | 'deferred'
  /**
   * Stock written below API X's copy because Shopify moved it after API X was read (a fulfilment
   * may be newer than the copy); the next run reads it again and sets it.
   */
  | 'short'
  | 'fetched'
  | 'stored'
  /** Stock of warehouses no Shopify location is mapped to (INVENTORY_LOCATIONS). */
  | 'ignored'
  /**
   * Stock levels sent to Shopify before that API X's full read no longer serves: Shopify keeps
   * what it holds (API X: a missing record is not 0), so the operator is told instead.
   */
  | 'unreported'
  /** Orders past Shopify's 60-day window without read_all_orders: their changes are invisible. */
  | 'unreadable'
  /** Orders deleted in Shopify after they were stored: never pushed again. */
  | 'deleted'
  /** Shipments: a fulfilment cancelled because API X cancelled the shipment. */
  | 'cancelled'
  /** Shipments left alone (the order was fulfilled in Shopify by someone else). */
  | 'skipped';

/** Counts of a run, by entity then result: `{ product: { created: 3, unchanged: 97 } }`. */
export type RunCounts = Record<string, Partial<Record<ItemResult, number>>>;
