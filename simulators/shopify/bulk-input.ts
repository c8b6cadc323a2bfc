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
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { MAX_CONCURRENT_BULK, type BulkRegistry } from './bulk-types.js';
import { userError, type UserError } from './user-error.js';

/**
 * The mutations bulkOperationRunMutation runs, as the bulk import guide lists them ("You can
 * supply only one of the supported GraphQL API mutations to the bulkOperationRunMutation at a
 * time", https://shopify.dev/docs/api/usage/bulk-operations/imports, Limitations). The copy we
 * could read breaks off after subscriptionContractCancel; a mutation we cannot quote is
 * refused (stricter reading). publishablePublish is on the list: products are published in
 * bulk rather than with one regular mutation each.
 */
export const BULK_SUPPORTED_MUTATIONS: ReadonlySet<string> = new Set([
  'collectionCreate',
  'collectionUpdate',
  'customerCreate',
  'customerUpdate',
  'customerPaymentMethodRemoteCreate',
  'giftCardCreate',
  'giftCardUpdate',
  'marketingActivityUpsertExternal',
  'marketingEngagementCreate',
  'metafieldsSet',
  'metaobjectUpsert',
  'priceListFixedPricesAdd',
  'priceListFixedPricesDelete',
  'privateMetafieldUpsert',
  'productCreate',
  'productSet',
  'productUpdate',
  'productUpdateMedia',
  'productVariantsBulkCreate',
  'productVariantsBulkDelete',
  'productVariantsBulkReorder',
  'productVariantsBulkUpdate',
  'publishablePublish',
  'publishableUnpublish',
  'publicationUpdate',
  'storeCreditAccountCredit',
  'subscriptionBillingAttemptCreate',
  'subscriptionContractActivate',
  'subscriptionContractAtomicCreate',
  'subscriptionContractCancel',
]);

function singleOperation(document: DocumentNode): OperationDefinitionNode | null {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return ops.length === 1 ? (ops[0] ?? null) : null;
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
  if (kind === 'mutation' && op.selectionSet.selections.length !== 1) {
    return {
      error: userError([field], 'Invalid bulk mutation: only one mutation field is allowed.', code),
    };
  }
  const root = op.selectionSet.selections[0];
  if (
    kind === 'mutation' &&
    root?.kind === Kind.FIELD &&
    !BULK_SUPPORTED_MUTATIONS.has(root.name.value)
  ) {
    return {
      error: userError(
        [field],
        `Invalid bulk mutation: ${root.name.value} is not supported by bulkOperationRunMutation.`,
        code,
      ),
    };
  }
  const errors = validate(schema, document);
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
