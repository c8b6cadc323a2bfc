/**
 * A bulk export built a root page at a time, in the background. Shopify answers
 * bulkOperationRunQuery with the new operation at once and runs the query afterwards: "Shopify's
 * infrastructure does the hard work of executing your query"; the operation is CREATED, then
 * RUNNING, and "clients should poll the status field" until COMPLETED (BulkOperation object and
 * BulkOperationStatus enum, shopify.dev/docs/api/admin-graphql/2026-10/objects/BulkOperation;
 * https://shopify.dev/docs/api/usage/bulk-operations/queries, "Step 2. Wait for the operation
 * to finish"). Running a whole 300,000-object export before answering kept the mutation past a
 * client's 30 s timeout, and each retry started it again.
 */
import {
  Kind,
  type ArgumentNode,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import { flattenExport } from './bulk-export.js';

/** Root objects per page of the build (a nested connection's children come with their parent). */
export const EXPORT_PAGE_SIZE = 250;

/** Alias of the page info the build adds to the root connection; not a field a client sends. */
const PAGE_INFO = 'simulatorExportPage';

const PAGING_ARGUMENTS = new Set(['first', 'last', 'after', 'before']);

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
const field = (fieldName: string, selections?: FieldNode[], alias?: string): FieldNode => ({
  kind: Kind.FIELD,
  name: name(fieldName),
  ...(alias ? { alias: name(alias) } : {}),
  ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
});

/** The one root connection field of the export, or null when the document is not that shape. */
function rootConnection(
  document: DocumentNode,
): { op: OperationDefinitionNode; root: FieldNode } | null {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const op = ops[0];
  if (ops.length !== 1 || !op || op.selectionSet.selections.length !== 1) return null;
  const root = op.selectionSet.selections[0];
  if (root?.kind !== Kind.FIELD || !root.selectionSet) return null;
  // The client chose its own window: run it as sent.
  if (root.arguments?.some((a) => PAGING_ARGUMENTS.has(a.name.value))) return null;
  const isConnection = root.selectionSet.selections.some(
    (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
  );
  return isConnection ? { op, root } : null;
}

/**
 * The document with its root connection limited to `first` objects after `after`, and its page
 * info asked for under an alias of its own. Null: the document cannot be paged (it then runs
 * whole, as before).
 */
export function pagedDocument(
  document: DocumentNode,
  first: number,
  after: string | null,
): DocumentNode | null {
  const found = rootConnection(document);
  if (!found) return null;
  const { op, root } = found;
  const args: ArgumentNode[] = [
    ...(root.arguments ?? []),
    { kind: Kind.ARGUMENT, name: name('first'), value: { kind: Kind.INT, value: String(first) } },
    ...(after === null
      ? []
      : [
          {
            kind: Kind.ARGUMENT,
            name: name('after'),
            value: { kind: Kind.STRING, value: after },
          } as const,
        ]),
  ];
  const pageInfo = field('pageInfo', [field('hasNextPage'), field('endCursor')], PAGE_INFO);
  const pagedRoot: FieldNode = {
    ...root,
    arguments: args,
    selectionSet: {
      ...root.selectionSet!,
      selections: [...root.selectionSet!.selections, pageInfo],
    },
  };
  return {
    ...document,
    definitions: [{ ...op, selectionSet: { ...op.selectionSet, selections: [pagedRoot] } }],
  };
}

export type ExecuteExport = (document: DocumentNode) => Promise<ExecutionResult>;

/** One page of the export: its JSONL objects and where the next page starts (null: the last). */
export interface ExportPage {
  readonly rows: Record<string, unknown>[];
  readonly next: string | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first error's message of an execution, or null. */
const errorOf = (result: ExecutionResult): string | null =>
  result.errors?.length ? (result.errors[0]?.message ?? 'error') : null;

/**
 * Runs one page (or, for a document that cannot be paged, the whole query). `after` null: the
 * first page.
 */
export async function exportPage(
  document: DocumentNode,
  execute: ExecuteExport,
  after: string | null,
): Promise<ExportPage | { error: string }> {
  const paged = pagedDocument(document, EXPORT_PAGE_SIZE, after);
  const result = await execute(paged ?? document);
  const error = errorOf(result);
  if (error !== null) return { error };
  const rows = flattenExport(result.data);
  if (!paged) return { rows, next: null };
  const root: unknown = Object.values(result.data ?? {})[0];
  const info: unknown = isObject(root) ? root[PAGE_INFO] : null;
  const next =
    isObject(info) && info['hasNextPage'] === true && typeof info['endCursor'] === 'string'
      ? info['endCursor']
      : null;
  return { rows, next };
}

/** Waits for the event loop to serve what is queued (other requests) before the next page. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
