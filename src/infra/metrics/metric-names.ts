/**
 * Every metric this service pushes. The Helm chart's dashboard and alert rules are tested against
 * this list, so renaming a metric here breaks the build until they follow.
 *
 * Values are per run (the process lives for one run and pushes once at the end), so "items" are
 * gauges of the last run, not ever-growing counters. Grouping labels on the Pushgateway are
 * job="integration-service", subcommand, shop.
 */
export const METRIC_PREFIX = 'integration_service_';

export const METRICS = {
  /** Unix time of the last successful run. Only pushed by successful runs, so a failure keeps it. */
  lastSuccessTimestamp: 'integration_service_last_success_timestamp_seconds',
  /** Unix time of the last run, whatever its outcome. */
  lastRunTimestamp: 'integration_service_last_run_timestamp_seconds',
  /** 1 for the last run's status label, 0 for the others. Labels: status. */
  lastRunStatus: 'integration_service_last_run_status',
  lastRunDuration: 'integration_service_last_run_duration_seconds',
  /** Earlier runs the last run found dead (still 'running', process gone: SIGKILL, OOM). */
  diedRunsFound: 'integration_service_died_runs_found',
  /** Runs in a row that did not succeed, the last one included (0 after a success). */
  failedRunsInARow: 'integration_service_failed_runs_in_a_row',
  /** Items of the last run. Labels: entity, result. */
  runItems: 'integration_service_run_items',
  /** Per-record errors of the last run. Labels: entity. */
  runRecordErrors: 'integration_service_run_record_errors',
  runShopifyCostPoints: 'integration_service_run_shopify_cost_points',
  runShopifyThrottled: 'integration_service_run_shopify_throttled_responses',
  /** API X requests of the last run. Labels: outcome (ok, client_error, server_error, network_error). */
  runApixRequests: 'integration_service_run_apix_requests',
  /** Orders waiting or given up after the run. Labels: state (pending, failed, dead). */
  ordersBacklog: 'integration_service_orders_backlog',
  /** Orders API X has accepted, all time (kept apart from the backlog: it only grows). */
  ordersDelivered: 'integration_service_orders_delivered',
  /**
   * Delivery freshness: seconds since the oldest change still waiting for delivery happened in
   * Shopify (0 when nothing waits). Pushed by every real sync-orders run, failed ones included.
   */
  ordersOldestUndeliveredAge: 'integration_service_orders_oldest_undelivered_age_seconds',
  /**
   * Shipments held after the run (sync-orders with SHIPMENTS_ENABLED). Labels: cause (waiting:
   * a Shopify state such as a hold, retried every run; refused: waits for API X's correction).
   */
  shipmentsHeld: 'integration_service_shipments_held',
  /**
   * Seconds the oldest waiting shipment (cause waiting) has waited for this version (0 when none):
   * the held-shipments alert. Refused ones are not in it (see shipmentsHeld{cause="refused"}).
   */
  shipmentsOldestHeldAge: 'integration_service_shipments_oldest_held_age_seconds',
  /**
   * Stock levels still marked for a recheck after a sync-inventory run: a fulfilment moved them
   * in Shopify and their write kept failing, or the fulfilment came during the run.
   */
  stockRechecksWaiting: 'integration_service_stock_rechecks_waiting',
  /** Seconds since the oldest of those marks was made (0 when none). */
  stockRechecksOldestAge: 'integration_service_stock_rechecks_oldest_age_seconds',
  /** Unix time of the last run skipped because another holder had the lock. */
  lastLockSkipTimestamp: 'integration_service_last_lock_skip_timestamp_seconds',
  /** Always 1. Labels: version. */
  buildInfo: 'integration_service_build_info',
} as const;

export const PUSHGATEWAY_JOB = 'integration-service';
