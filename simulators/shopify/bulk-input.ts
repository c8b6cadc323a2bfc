/**
 * What a bulk operation is started from, checked as Shopify checks it: the document
 * (bulkOperationRunMutation's `mutation`, bulkOperationRunQuery's `query`), the staged JSONL
 * upload, and the concurrency limit.
 */
import { randomUUID } from 'node:crypto';
import {
  Kind,
  OperationTypeNode,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_CONCURRENT_BULK, type BulkRegistry } from './bulk-types.js';
import { userError, type UserError } from './user-error.js';

function singleOperation(document: DocumentNode): OperationDefinitionNode | null {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return ops.length === 1 ? (ops[0] ?? null) : null;
}

/**
 * The root fields a selection set selects once fragment spreads and inline fragments are opened,
 * so `mutation { ...F } fragment F on Mutation { a b }` counts as the two fields it runs. Called
 * on a validated document: every spread names a fragment that exists and spreads do not cycle.
 */
function rootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FieldNode[] {
  return selectionSet.selections.flatMap((s): FieldNode[] => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments);
    const fragment = fragments.get(s.name.value);
    return fragment ? rootFields(fragment.selectionSet, fragments) : [];
  });
}

export const limitReached = (field: string): UserError =>
  userError(
    [field],
    `A bulk operation cannot be created because the limit of ${MAX_CONCURRENT_BULK} concurrent bulk operations has been reached.`,
    'LIMIT_REACHED',
  );

export const parseBulkDocument = (
  schema: GraphQLSchema,
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
  const errors = validate(schema, document);
  if (errors.length)
    return {
      error: userError(
        [field],
        `Invalid bulk ${kind}: ${errors.map((e) => e.message).join('; ')}`,
        code,
      ),
    };
  // Any Admin API mutation may be run in bulk: "You can supply any GraphQL Admin API mutation to
  // the bulkOperationRunMutation" (https://shopify.dev/docs/api/usage/bulk-operations/imports,
  // Limitations), and the changelog "Faster bulk operations" (2025-12-15,
  // https://shopify.dev/changelog/faster-bulk-operations): "Support for all mutations ... Now, you
  // can execute any mutation using bulk operations across all API versions." What stays is one
  // mutation per document, run once per JSONL line with that line as its variables (the guide's
  // older wording, "only one ... mutation ... at a time"; the stricter reading). Counted after
  // fragments are opened, so a root given as a fragment spread cannot carry a second mutation.
  if (kind === 'mutation') {
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    if (rootFields(op.selectionSet, fragments).length !== 1)
      return {
        error: userError(
          [field],
          'Invalid bulk mutation: only one mutation field is allowed.',
          code,
        ),
      };
  }
  return { document };
};

/** A staged target for `stagedUploadsCreate` under `key` (the later `stagedUploadPath`). */
export const stagedTarget = (
  baseUrl: string,
  now: number,
  key: string,
): ReturnType<BulkRegistry['stage']> => {
  const url = `${baseUrl}/_staged/upload`;
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
        value: new Date(now).toISOString().replace(/[-:]|\.\d+/g, ''),
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
};

export const newStagedKey = (filename: string): string =>
  `tmp/gid/shopify/bulk/${randomUUID()}/${filename}`;

/** The staged JSONL file's lines as variables per row, or the error for its first bad line. */
export const parseStagedRows = (file: Buffer): { rows: unknown[] } | { error: UserError } => {
  const rows: unknown[] = [];
  const lines = file.toString('utf8').split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      const row = JSON.parse(line) as unknown;
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error('not an object');
      rows.push(row);
    } catch {
      return {
        error: userError(
          ['stagedUploadPath'],
          `Failed to parse the JSONL file on line ${i + 1}.`,
          'INVALID_STAGED_UPLOAD_FILE',
        ),
      };
    }
  }
  return { rows };
};
