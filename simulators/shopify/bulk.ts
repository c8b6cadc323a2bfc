/**
 * Shopify's bulk operations: started from a checked document (bulk-input.ts), run in the
 * background at `rowsPerSecond`, their result files laid out as Shopify lays them out
 * (bulk-export.ts); an export's query is run a page at a time after the answer
 * (bulk-export-pages.ts).
 */
import { GraphQLError, type DocumentNode } from 'graphql';
import { connectionOf, sortByKey } from './connection.js';
import { ungroup } from './bulk-export.js';
import { exportPage, nextTurn, type ExecuteExport, type ExportPage } from './bulk-export-pages.js';
import {
  limitReached,
  newStagedKey,
  parseBulkDocument,
  parseStagedRows,
  stagedTarget,
} from './bulk-input.js';
import {
  ACTIVE_BULK_STATUSES,
  MAX_CONCURRENT_BULK,
  type BulkErrorCode,
  type BulkRecord,
  type BulkRegistry,
  type BulkRegistryDeps,
  type BulkStatus,
} from './bulk-types.js';
import { gid, isoSeconds, parseGid } from './gid.js';
import { searchFilter, type FieldReader } from './search-query.js';
import { userError } from './user-error.js';

export function createBulkRegistry(deps: BulkRegistryDeps): BulkRegistry {
  const ops = new Map<number, BulkRecord>();
  const staged = new Map<string, Buffer | null>();
  let failNext: { afterRows: number; partial: boolean; errorCode: BulkErrorCode } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let last = Date.now();
  let pumping = false;

  const active = () => [...ops.values()].filter((o) => ACTIVE_BULK_STATUSES.includes(o.status));

  const finish = (op: BulkRecord, status: BulkStatus, errorCode: string | null = null): void => {
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = deps.now();
  };

  async function step(op: BulkRecord, elapsedMs: number): Promise<void> {
    if (op.status === 'CANCELING') return finish(op, 'CANCELED');
    if (op.status === 'CREATED') op.status = 'RUNNING';
    if (op.building) return; // its lines are paced once they exist
    op.budget += (deps.rowsPerSecond * elapsedMs) / 1000;
    while (op.budget >= 1 && op.results.length < op.rows.length) {
      if (op.failAt && op.results.length >= Math.min(op.failAt.row, op.rows.length)) {
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
        ? { row: failNext.afterRows, partial: failNext.partial, errorCode: failNext.errorCode }
        : null,
      groupObjects,
      building: false,
      budget: 0,
    };
    failNext = null;
    ops.set(op.num, op);
    ensureTimer();
    return op;
  };

  /**
   * The rest of an export after its first page, a page per turn of the event loop: requests
   * that arrive meanwhile (polls of this operation among them) are answered between pages. A
   * page that fails ends the operation FAILED, as Shopify reports an export that broke off
   * (INTERNAL_SERVER_ERROR: "might be intermittent", BulkOperationErrorCode, 2026-10 schema).
   */
  async function build(op: BulkRecord, first: ExportPage, execute: ExecuteExport): Promise<void> {
    const rows = first.rows;
    let next = first.next;
    const turn = deps.exportTurn ?? nextTurn;
    while (next !== null) {
      await turn();
      if (op.status !== 'CREATED' && op.status !== 'RUNNING') return; // cancelled: step() ends it
      const page = await exportPage(op.document, execute, next);
      if ('error' in page) {
        op.building = false;
        return finish(op, 'FAILED', 'INTERNAL_SERVER_ERROR');
      }
      for (const row of page.rows) rows.push(row);
      next = page.next;
    }
    op.rows = op.groupObjects ? rows : ungroup(rows);
    op.building = false;
  }

  const registry: BulkRegistry = {
    stage(filename) {
      const key = newStagedKey(filename);
      staged.set(key, null);
      return stagedTarget(deps.baseUrl(), deps.now(), key);
    },
    storeUpload(key, content) {
      if (!staged.has(key)) return false;
      staged.set(key, content);
      return true;
    },
    runMutation(mutation, stagedUploadPath, groupObjects = true) {
      const checked = parseBulkDocument(
        deps.schema,
        mutation,
        'mutation',
        'mutation',
        'INVALID_MUTATION',
      );
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
      const parsed = parseStagedRows(file);
      if ('error' in parsed) return { operation: null, userErrors: [parsed.error] };
      const rows = parsed.rows;
      if (active().length >= MAX_CONCURRENT_BULK)
        return { operation: null, userErrors: [limitReached('mutation')] };
      return {
        operation: register('MUTATION', mutation, checked.document, rows, groupObjects),
        userErrors: [],
      };
    },
    async runQuery(query, groupObjects = false) {
      const checked = parseBulkDocument(deps.schema, query, 'query', 'query', 'INVALID');
      if ('error' in checked) return { operation: null, userErrors: [checked.error] };
      if (active().length >= MAX_CONCURRENT_BULK)
        return { operation: null, userErrors: [limitReached('query')] };
      const execute: ExecuteExport = (document) => deps.executeDocument(document, {}, true);
      // Only the first page before answering (at most EXPORT_PAGE_SIZE root objects): a query
      // the shop cannot run is still refused at once; the rest is built after the answer.
      const first = await exportPage(checked.document, execute, null);
      if ('error' in first)
        return {
          operation: null,
          userErrors: [userError(['query'], `Invalid bulk query: ${first.error}`, 'INVALID')],
        };
      // Checked again: another operation may have started while the first page ran.
      if (active().length >= MAX_CONCURRENT_BULK)
        return { operation: null, userErrors: [limitReached('query')] };
      const op = register('QUERY', query, checked.document, [], groupObjects);
      op.building = true;
      build(op, first, execute).catch(() => {
        op.building = false;
        finish(op, 'FAILED', 'INTERNAL_SERVER_ERROR');
      });
      return { operation: op, userErrors: [] };
    },
    cancel(id) {
      const op = registry.get(id);
      if (!op)
        return {
          operation: null,
          userErrors: [userError(['id'], 'Bulk operation does not exist', null)],
        };
      if (!ACTIVE_BULK_STATUSES.includes(op.status)) {
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
      // "Defaults to sorting by created_at, with newest operations first" (QueryRoot.bulkOperations,
      // 2026-10 schema in admin-schema/; shopify.dev/docs/api/admin-graphql/latest/queries/bulkOperations):
      // sortKey CREATED_AT and reverse false list newest first, so `reverse: true` lists oldest
      // first. createdAt has whole seconds to a client; the number (creation order) breaks ties.
      if (args.sortKey === 'COMPLETED_AT')
        throw new GraphQLError('The simulator sorts bulkOperations by CREATED_AT only.', {
          extensions: { code: 'BAD_REQUEST' },
        });
      const keyOf = (o: BulkRecord) => [o.createdAt, o.num];
      const items = sortByKey(registry.list().filter(searchFilter(args.query, fields)), keyOf);
      return connectionOf(items, { ...args, reverse: args.reverse !== true }, keyOf, (o) =>
        registry.view(o),
      );
    },
    close() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return registry;
}
