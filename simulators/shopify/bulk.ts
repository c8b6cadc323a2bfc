import { randomUUID } from 'node:crypto';
import {
  Kind,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { connectionOf, type PageArgs } from './connection.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { searchFilter, type FieldReader } from './search-query.js';
import { userError, type UserError } from './user-error.js';

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
  /** Mutation: variables per input line. Query: the export lines, computed at submission. */
  rows: unknown[];
  results: string[];
  document: DocumentNode;
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

const ACTIVE: readonly BulkStatus[] = ['CREATED', 'RUNNING', 'CANCELING'];

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
  connection(args: PageArgs & { query?: string | null }): unknown;
  close(): void;
}

function singleOperation(document: DocumentNode): OperationDefinitionNode | null {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return ops.length === 1 ? (ops[0] ?? null) : null;
}

/** Flattens an export result into JSONL objects: nested connection nodes carry `__parentId`. */
export function flattenExport(
  data: Record<string, unknown> | null | undefined,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const nodesOf = (conn: Record<string, unknown>): Record<string, unknown>[] => {
    if (Array.isArray(conn['nodes'])) return conn['nodes'] as Record<string, unknown>[];
    if (Array.isArray(conn['edges']))
      return (conn['edges'] as { node: Record<string, unknown> }[]).map((e) => e.node);
    return [];
  };
  const isConnection = (v: unknown): v is Record<string, unknown> =>
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    (Array.isArray((v as Record<string, unknown>)['edges']) ||
      Array.isArray((v as Record<string, unknown>)['nodes']));
  /**
   * A node's fields without its connections, which are collected into `children` wherever they
   * sit: directly on the node (variants on products) or inside an object field (a variant's
   * `inventoryItem { inventoryLevels }`). "You can also nest connections" and each nested object
   * is its own line naming its parent in `__parentId`
   * (https://shopify.dev/docs/api/usage/bulk-operations/queries); the docs do not say which
   * ancestor a connection under an object field names, so the simulator names the nearest node
   * of a connection (the variant), and clients must not depend on the other reading either.
   */
  const strip = (
    value: Record<string, unknown>,
    children: Record<string, unknown>[],
  ): Record<string, unknown> => {
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isConnection(v)) children.push(v);
      else if (v && typeof v === 'object' && !Array.isArray(v))
        own[k] = strip(v as Record<string, unknown>, children);
      else own[k] = v;
    }
    return own;
  };
  const emit = (node: Record<string, unknown>, parentId: unknown): void => {
    const children: Record<string, unknown>[] = [];
    const own = strip(node, children);
    if (parentId !== undefined) own['__parentId'] = parentId;
    out.push(own);
    for (const c of children) for (const n of nodesOf(c)) emit(n, node['id']);
  };
  for (const root of Object.values(data ?? {})) {
    if (isConnection(root)) for (const n of nodesOf(root)) emit(n, undefined);
  }
  return out;
}

/**
 * Shopify only promises "each child directly below its parent" with `groupObjects: true`; the
 * ungrouped default promises nothing about where child rows land. The simulator makes that
 * visible: roots first, then every child row, last first (so a child never follows its parent
 * directly and a reader that assumes grouping goes wrong).
 */
export function ungroup(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const roots = rows.filter((r) => !('__parentId' in r));
  const children = rows.filter((r) => '__parentId' in r).reverse();
  return [...roots, ...children];
}

export function createBulkRegistry(deps: BulkRegistryDeps): BulkRegistry {
  const ops = new Map<number, BulkRecord>();
  const staged = new Map<string, Buffer | null>();
  let failNext: { afterRows: number; partial: boolean; errorCode: BulkErrorCode } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let last = Date.now();
  let pumping = false;

  const active = () => [...ops.values()].filter((o) => ACTIVE.includes(o.status));

  const finish = (op: BulkRecord, status: BulkStatus, errorCode: string | null = null): void => {
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = deps.now();
  };

  async function step(op: BulkRecord, elapsedMs: number): Promise<void> {
    if (op.status === 'CANCELING') return finish(op, 'CANCELED');
    if (op.status === 'CREATED') op.status = 'RUNNING';
    op.budget += (deps.rowsPerSecond * elapsedMs) / 1000;
    while (op.budget >= 1 && op.results.length < op.rows.length) {
      if (op.failAt && op.results.length >= op.failAt.row) {
        if (!op.failAt.partial) op.results = [];
        return finish(op, 'FAILED', op.failAt.errorCode);
      }
      const i = op.results.length;
      if (op.type === 'MUTATION') {
        const result = await deps.executeDocument(
          op.document,
          op.rows[i] as Record<string, unknown>,
          false,
        );
        const line: Record<string, unknown> = {};
        if (result.data) line['data'] = result.data;
        if (result.errors?.length)
          // A result line is the line's GraphQL response: errors keep their extensions (the
          // code, e.g. VARIANT_THROTTLE_EXCEEDED). Not documented for bulk lines; the stricter
          // reading would drop them, but then no client could tell the daily limit apart.
          line['errors'] = result.errors.map((e) => ({
            message: e.message,
            path: e.path,
            ...(e.extensions['code'] === undefined
              ? {}
              : { extensions: { code: e.extensions['code'] } }),
          }));
        line['__lineNumber'] = i;
        op.results.push(JSON.stringify(line));
      } else {
        op.results.push(JSON.stringify(op.rows[i]));
      }
      op.budget -= 1;
      if (op.status !== 'RUNNING') return; // cancelled while awaiting
    }
    if (op.results.length >= op.rows.length) finish(op, 'COMPLETED');
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      const t = Date.now();
      const elapsed = t - last;
      last = t;
      for (const op of active()) await step(op, elapsed);
    } finally {
      pumping = false;
    }
    if (active().length === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  const ensureTimer = (): void => {
    if (timer) return;
    last = Date.now();
    timer = setInterval(() => void pump(), 20);
  };

  const register = (
    type: BulkRecord['type'],
    query: string,
    document: DocumentNode,
    rows: unknown[],
    groupObjects: boolean,
  ): BulkRecord => {
    const op: BulkRecord = {
      num: deps.nextId(),
      type,
      query,
      status: 'CREATED',
      errorCode: null,
      createdAt: deps.now(),
      completedAt: null,
      rows,
      results: [],
      document,
      failAt: failNext
        ? {
            row: Math.min(failNext.afterRows, rows.length),
            partial: failNext.partial,
            errorCode: failNext.errorCode,
          }
        : null,
      groupObjects,
      budget: 0,
    };
    failNext = null;
    ops.set(op.num, op);
    ensureTimer();
    return op;
  };

  const limitReached = (field: string): UserError =>
    userError(
      [field],
      `A bulk operation cannot be created because the limit of ${MAX_CONCURRENT_BULK} concurrent bulk operations has been reached.`,
      'LIMIT_REACHED',
    );

  const parseChecked = (
    source: string,
    kind: 'mutation' | 'query',
    field: string,
    code: string,
  ): { document: DocumentNode } | { error: UserError } => {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (e) {
      return { error: userError([field], `Invalid bulk ${kind}: ${(e as Error).message}`, code) };
    }
    const op = singleOperation(document);
    if (
      !op ||
      op.operation !== (kind === 'mutation' ? OperationTypeNode.MUTATION : OperationTypeNode.QUERY)
    )
      return {
        error: userError(
          [field],
          `Invalid bulk ${kind}: expected exactly one ${kind} operation.`,
          code,
        ),
      };
    if (kind === 'mutation' && op.selectionSet.selections.length !== 1) {
      return {
        error: userError(
          [field],
          'Invalid bulk mutation: only one mutation field is allowed.',
          code,
        ),
      };
    }
    const errors = validate(deps.schema, document);
    if (errors.length)
      return {
        error: userError(
          [field],
          `Invalid bulk ${kind}: ${errors.map((e) => e.message).join('; ')}`,
          code,
        ),
      };
    return { document };
  };

  const registry: BulkRegistry = {
    stage(filename) {
      const key = `tmp/gid/shopify/bulk/${randomUUID()}/${filename}`;
      staged.set(key, null);
      const url = `${deps.baseUrl()}/_staged/upload`;
      return {
        url,
        resourceUrl: `${url}/${key}`,
        parameters: [
          { name: 'Content-Type', value: 'text/jsonl' },
          { name: 'success_action_status', value: '201' },
          { name: 'acl', value: 'private' },
          { name: 'key', value: key },
          {
            name: 'x-goog-date',
            value: new Date(deps.now()).toISOString().replace(/[-:]|\.\d+/g, ''),
          },
          {
            name: 'x-goog-credential',
            value:
              'simulator@shopify-staged-uploads.iam.gserviceaccount.com/20261125/auto/storage/goog4_request',
          },
          { name: 'x-goog-algorithm', value: 'GOOG4-RSA-SHA256' },
          { name: 'x-goog-signature', value: randomUUID().replace(/-/g, '') },
          { name: 'policy', value: Buffer.from(JSON.stringify({ key })).toString('base64') },
        ],
      };
    },
    storeUpload(key, content) {
      if (!staged.has(key)) return false;
      staged.set(key, content);
      return true;
    },
    runMutation(mutation, stagedUploadPath, groupObjects = true) {
      const checked = parseChecked(mutation, 'mutation', 'mutation', 'INVALID_MUTATION');
      if ('error' in checked) return { operation: null, userErrors: [checked.error] };
      const file = staged.get(stagedUploadPath);
      if (!file) {
        return {
          operation: null,
          userErrors: [
            userError(
              ['stagedUploadPath'],
              "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.",
              'NO_SUCH_FILE',
            ),
          ],
        };
      }
      const rows: unknown[] = [];
      const lines = file.toString('utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        if (!line.trim()) continue;
        try {
          const row = JSON.parse(line) as unknown;
          if (!row || typeof row !== 'object' || Array.isArray(row))
            throw new Error('not an object');
          rows.push(row);
        } catch {
          return {
            operation: null,
            userErrors: [
              userError(
                ['stagedUploadPath'],
                `Failed to parse the JSONL file on line ${i + 1}.`,
                'INVALID_STAGED_UPLOAD_FILE',
              ),
            ],
          };
        }
      }
      if (active().length >= MAX_CONCURRENT_BULK)
        return { operation: null, userErrors: [limitReached('mutation')] };
      return {
        operation: register('MUTATION', mutation, checked.document, rows, groupObjects),
        userErrors: [],
      };
    },
    async runQuery(query, groupObjects = false) {
      const checked = parseChecked(query, 'query', 'query', 'INVALID');
      if ('error' in checked) return { operation: null, userErrors: [checked.error] };
      if (active().length >= MAX_CONCURRENT_BULK)
        return { operation: null, userErrors: [limitReached('query')] };
      const result = await deps.executeDocument(checked.document, {}, true);
      if (result.errors?.length)
        return {
          operation: null,
          userErrors: [
            userError(
              ['query'],
              `Invalid bulk query: ${result.errors[0]?.message ?? ''}`,
              'INVALID',
            ),
          ],
        };
      const rows = flattenExport(result.data);
      return {
        operation: register(
          'QUERY',
          query,
          checked.document,
          groupObjects ? rows : ungroup(rows),
          groupObjects,
        ),
        userErrors: [],
      };
    },
    cancel(id) {
      const op = registry.get(id);
      if (!op)
        return {
          operation: null,
          userErrors: [userError(['id'], 'Bulk operation does not exist', null)],
        };
      if (!ACTIVE.includes(op.status)) {
        return {
          operation: op,
          userErrors: [
            userError(
              null,
              `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}`,
              null,
            ),
          ],
        };
      }
      op.status = 'CANCELING';
      return { operation: op, userErrors: [] };
    },
    get(id) {
      const num = parseGid(id, 'BulkOperation');
      return num === null ? undefined : ops.get(num);
    },
    list: () => [...ops.values()],
    resultFile(num) {
      const op = ops.get(num);
      if (!op || !['COMPLETED', 'FAILED', 'CANCELED'].includes(op.status)) return undefined;
      return op.results.length ? op.results.join('\n') + '\n' : undefined;
    },
    failNext(options = {}) {
      failNext = {
        afterRows: options.afterRows ?? 0,
        partial: options.partial ?? false,
        errorCode: options.errorCode ?? 'INTERNAL_SERVER_ERROR',
      };
    },
    view(op) {
      const file = registry.resultFile(op.num);
      const url = file === undefined ? null : `${deps.baseUrl()}/_bulk/${op.num}.jsonl`;
      return {
        __typename: 'BulkOperation',
        id: gid('BulkOperation', op.num),
        type: op.type,
        status: op.status,
        errorCode: op.errorCode,
        query: op.query,
        createdAt: isoSeconds(op.createdAt),
        completedAt: op.completedAt === null ? null : isoSeconds(op.completedAt),
        objectCount: String(op.results.length),
        rootObjectCount: String(
          op.type === 'QUERY'
            ? op.results.filter((l) => !l.includes('"__parentId"')).length
            : op.results.length,
        ),
        fileSize: file === undefined ? null : String(Buffer.byteLength(file)),
        url: op.status === 'COMPLETED' ? url : null,
        partialDataUrl: op.status !== 'COMPLETED' ? url : null,
      };
    },
    connection(args) {
      const fields: Record<string, FieldReader<BulkRecord>> = {
        status: { kind: 'string', read: (o) => o.status },
        operation_type: { kind: 'string', read: (o) => o.type },
        created_at: { kind: 'date', read: (o) => o.createdAt },
        id: { kind: 'number', read: (o) => o.num },
      };
      const items = registry.list().filter(searchFilter(args.query, fields));
      return connectionOf(
        items,
        args,
        (o) => [o.num],
        (o) => registry.view(o),
      );
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return registry;
}
