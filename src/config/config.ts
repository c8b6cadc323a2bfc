import type { CustomerFields } from '../domain/model/order.js';
import type { LocationMapEntry } from '../domain/model/location-map.js';

export type LockBackend = 'kubernetes' | 'postgres';
export type ArchiveStatus = 'ARCHIVED' | 'DRAFT';

/** The whole configuration, read once from the environment, validated and frozen. */
export interface Config {
  readonly inKubernetes: boolean;
  /** The Job and CronJob this pod runs for (downward API and chart); null outside them. */
  readonly kubernetesJob: { readonly jobName: string | null; readonly cronJobName: string | null };
  readonly database: {
    /** null: start the embedded PostgreSQL (development only; never inside Kubernetes). */
    readonly url: string | null;
    readonly embeddedDataDir: string;
    readonly embeddedPort: number;
    /** The database of the embedded server the commands use (the demo keeps its own). */
    readonly embeddedDatabase: string;
    readonly poolMax: number;
    readonly statementTimeoutMs: number;
  };
  readonly shopify: {
    readonly shop: string;
    readonly accessToken: string;
    readonly apiVersion: string;
    /** Overrides https://{shop} (local simulator, proxies). */
    readonly apiBaseUrl: string | null;
    readonly concurrency: number;
    /** Per request attempt; a slower answer is retried with back-off. */
    readonly timeoutMs: number;
    readonly customIdNamespace: string;
    /**
     * Whether SHOPIFY_CUSTOM_ID_NAMESPACE was set. A shop synced before the namespace was recorded
     * used the old default (LEGACY_CUSTOM_ID_NAMESPACE) unless this was set; see custom-id-guard.
     */
    readonly customIdNamespacePinned: boolean;
    readonly customIdKey: string;
    /**
     * Publications (by catalogue title) new and re-activated products and new collections are
     * published to; empty when SHOPIFY_PUBLISH_TO=none (the merchant publishes by hand).
     */
    readonly publishTo: readonly string[];
    /**
     * SHOPIFY_EXISTING_PRODUCTS: a new product whose SKUs Shopify already holds on a product this
     * service did not make is refused (held back, named) or adopted (our ids written onto it).
     */
    readonly existingProducts: 'refuse' | 'adopt';
  };
  readonly apix: {
    readonly baseUrl: string;
    readonly token: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly pageSize: number;
  };
  readonly metrics: { readonly pushgatewayUrl: string | null; readonly pushTimeoutMs: number };
  readonly lock: {
    readonly backend: LockBackend;
    readonly leaseSeconds: number;
    /**
     * Who we are in lock records: the Job's name in Kubernetes (JOB_NAME), so the Job's retry
     * pod may take over the Lease its killed predecessor still holds (the chart sets
     * podReplacementPolicy: Failed, so two pods of one Job never run at once); else the pod
     * name; host and pid elsewhere.
     */
    readonly identity: string;
    readonly namespace: string | null;
    /** Prepended to the in-pod service-account path (runtimes that project it elsewhere; tests). */
    readonly serviceAccountPrefix: string;
  };
  readonly log: { readonly level: string; readonly pretty: boolean | 'auto' };
  readonly catalog: {
    readonly archiveStatus: ArchiveStatus;
    readonly bulkThreshold: number;
    readonly maxFailureRatio: number;
    readonly maxArchiveRatio: number;
    /** Hours between complete hand-deletion listings (deletion events in between); 0: every run. */
    readonly fullDeletionCheckHours: number;
    /**
     * Shopify's daily new-variant limit (SHOPIFY_VARIANT_LIMIT_THRESHOLD, _PER_DAY): from
     * `threshold` variants a store not on Plus creates `perDay` new ones a day.
     */
    readonly variantLimit: { readonly threshold: number; readonly perDay: number };
  };
  readonly orders: {
    readonly backfillDays: number;
    readonly overlapSeconds: number;
    readonly pushConcurrency: number;
    readonly maxAttempts: number;
    readonly skipTest: boolean;
    /** Protected customer data asked of Shopify: none, contact (names, email), full (+ addresses). */
    readonly customerFields: CustomerFields;
  };
  readonly shipments: {
    /**
     * SHIPMENTS_ENABLED (default false): sync-orders turns API X's shipments into Shopify
     * fulfilments. Opt-in because it needs write_merchant_managed_fulfillment_orders, which an
     * install from before the step may not have granted (every run would fail).
     */
    readonly enabled: boolean;
    /** SHIPMENTS_NOTIFY_CUSTOMER: Shopify e-mails the customer when a shipment is fulfilled or its tracking changes. */
    readonly notifyCustomer: boolean;
  };
  /** sync-inventory: which warehouse feeds which location, how often to reconcile, batch size. */
  readonly inventory: {
    /** INVENTORY_LOCATIONS; checked against the shop's locations when the job starts. */
    readonly locations: readonly LocationMapEntry[];
    /** Hours between reconciles (full read, compared with what Shopify holds now). */
    readonly reconcileHours: number;
    readonly batchSize: number;
    /** Incremental reads start this much before the previous read started (clock skew). */
    readonly overlapSeconds: number;
  };
  /** 5-field cron expressions (UTC) of the `worker` command; validated here, parsed by the worker. */
  readonly worker: {
    readonly syncToShopifyCron: string;
    readonly syncOrdersCron: string;
    /** null: the worker does not run sync-inventory (the store has not opted in). */
    readonly syncInventoryCron: string | null;
  };
  readonly shutdownTimeoutSeconds: number;
  /** Run records, record errors, push attempts and raw order payloads are kept this long. */
  readonly retentionDays: number;
  /** Values that must never appear in logs, metrics or error messages. */
  readonly secrets: readonly string[];
}

/** Which parts a command needs: `migrate` needs only the database, the jobs need everything. */
export type ConfigScope = 'database' | 'jobs';
