import type { DocumentNode, ExecutionResult, GraphQLSchema } from 'graphql';
import type { PageArgs } from './connection.js';
import type { UserError } from './user-error.js';

export type BulkStatus =
  'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'EXPIRED';

/** One bulk operation as the simulator holds it. */
export interface BulkRecord {
  num: number;
  type: 'MUTATION' | 'QUERY';
  query: string;
  status: BulkStatus;
  errorCode: string | null;
  createdAt: number;
  completedAt: number | null;
  /** Mutation: variables per input line. Query: the export lines, once built (see `building`). */
  rows: unknown[];
  /** A query whose export is still being built after the answer (bulk-export-pages.ts). */
  building: boolean;
  results: string[];
  document: DocumentNode;
  /** The row it fails at (at the last row when there are fewer). */
  failAt: { row: number; partial: boolean; errorCode: BulkErrorCode } | null;
  /**
   * bulkOperationRunMutation's `groupObjects` defaults to true: "Enabling grouping slows down
   * bulk operations and increases the likelihood of timeouts" (its argument description).
   * Recorded so tests can see what a client asked for.
   */
  groupObjects: boolean;
  budget: number;
}

/** BulkOperationErrorCode values (2026-10 schema). ACCESS_DENIED: missing access scopes. */
export type BulkErrorCode = 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT';

/** Most bulk operations one app may run at once per shop (from API 2026-01). */
export const MAX_CONCURRENT_BULK = 5;
/** Largest staged JSONL upload Shopify accepts. */
export const MAX_STAGED_BYTES = 100 * 1024 * 1024;

/** The statuses of an operation still running (it counts against MAX_CONCURRENT_BULK). */
export const ACTIVE_BULK_STATUSES: readonly BulkStatus[] = ['CREATED', 'RUNNING', 'CANCELING'];

export interface BulkRegistryDeps {
  readonly schema: GraphQLSchema;
  readonly baseUrl: () => string;
  readonly now: () => number;
  readonly nextId: () => number;
  /** Rows processed per second per operation (mutation lines or exported objects). */
  readonly rowsPerSecond: number;
  /** Runs one document with variables against the shop (no cost, no throttling). */
  readonly executeDocument: (
    document: DocumentNode,
    variables: Record<string, unknown>,
    unbounded: boolean,
  ) => Promise<ExecutionResult>;
  /**
   * Waits between two pages of an export being built, so other requests are served meanwhile.
   * Default: the next turn of the event loop (setImmediate); tests hold it to look in between.
   */
  readonly exportTurn?: (() => Promise<void>) | undefined;
}

export interface BulkRegistry {
  /** A staged target for `stagedUploadsCreate` (the `key` parameter is the later `stagedUploadPath`). */
  stage(filename: string): {
    url: string;
    resourceUrl: string;
    parameters: { name: string; value: string }[];
  };
  /** Stores an uploaded file under a staged key; false when the key was never staged. */
  storeUpload(key: string, content: Buffer): boolean;
  runMutation(
    mutation: string,
    stagedUploadPath: string,
    groupObjects?: boolean,
  ): { operation: BulkRecord | null; userErrors: UserError[] };
  /** `groupObjects: false` (the default from 2026-01) lays the file out ungrouped: see ungroup(). */
  runQuery(
    query: string,
    groupObjects?: boolean,
  ): Promise<{ operation: BulkRecord | null; userErrors: UserError[] }>;
  cancel(id: string): { operation: BulkRecord | null; userErrors: UserError[] };
  get(id: string): BulkRecord | undefined;
  list(): BulkRecord[];
  /** JSONL of a finished operation (complete or partial), by number. */
  resultFile(num: number): string | undefined;
  /** Makes the next operation that starts fail after `afterRows` rows (partial data kept when `partial`). */
  failNext(options?: { afterRows?: number; partial?: boolean; errorCode?: BulkErrorCode }): void;
  view(op: BulkRecord): Record<string, unknown>;
  connection(args: PageArgs & { query?: string | null; sortKey?: string | null }): unknown;
  close(): void;
}
