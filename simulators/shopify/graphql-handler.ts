import {
  execute,
  getVariableValues,
  GraphQLError,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  OperationTypeNode,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { LeakyBucket, ThrottleStatus } from './bucket.js';
import { appInstallationQueries } from './app-installation.js';
import { bulkMutations, bulkQueries } from './bulk-resolvers.js';
import { catalogMutations, catalogQueries } from './catalog-resolvers.js';
import { definitionDeleteMutations } from './definition-delete.js';
import { orderCreateCancelMutations } from './order-create-cancel.js';
import { inventoryMutations, inventoryQueries } from './inventory.js';
import { metafieldMutations } from './metafield-mutations.js';
import { fulfillmentMutations } from './fulfillment-mutations.js';
import type { SimContext } from './context.js';
import { THROTTLED_TIMES_KEPT, type MutableCounters } from './counters.js';
import { MAX_QUERY_COST, queryCost, type CostInput } from './cost.js';
import { orderMutations, ordersConnection, ordersCount, readable } from './order-resolvers.js';
import { orderView } from './order-view.js';
import {
  shopifyParseError,
  shopifyValidationError,
  shopifyVariableError,
  type ShopifyGraphQLError,
} from './validation-errors.js';

/** Cost figures every answer carries under `extensions.cost`. */
export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface GraphQLAnswer {
  /** HTTP status: 200 except a throttled answer when the simulator is set to 429. */
  status: number;
  /**
   * Deprecated fields, arguments and enum values the document uses, for the
   * X-Shopify-API-Deprecated-Reason header ("Calls that include the field will return the
   * response header X-Shopify-API-Deprecated-Reason", help.shopify.com/en/api/getting-started/
   * api-deprecations). Empty when none.
   */
  deprecations?: readonly string[];
  body: { data?: unknown; errors?: unknown[]; extensions?: { cost: CostExtension } };
}

export interface GraphQLHandlerDeps {
  readonly schema: GraphQLSchema;
  readonly bucket: LeakyBucket;
  readonly counters: MutableCounters;
  readonly throttleStatusCode: 200 | 429;
  readonly context: (unbounded: boolean) => SimContext;
}

function rootValue(ctx: SimContext): Record<string, unknown> {
  return {
    ...appInstallationQueries(ctx),
    ...catalogQueries(ctx),
    ...catalogMutations(ctx),
    ...metafieldMutations(ctx),
    ...definitionDeleteMutations(ctx),
    ...inventoryQueries(ctx),
    ...inventoryMutations(ctx),
    ...bulkQueries(ctx),
    ...bulkMutations(ctx),
    ...fulfillmentMutations(ctx.fulfillments, ctx, ctx.trackingCompanies),
    order: (args: { id: string }) => {
      const o = ctx.orders.get(args.id);
      return o && readable(ctx)(o) ? orderView(o, ctx) : null;
    },
    orders: (args: Parameters<typeof ordersConnection>[1]) => ordersConnection(ctx, args),
    ordersCount: (args: Parameters<typeof ordersCount>[1]) => ordersCount(ctx, args),
    ...orderMutations(ctx),
    ...orderCreateCancelMutations(ctx),
  };
}

/** Runs an already validated document (bulk lines and exports use this directly). */
export function runDocument(
  schema: GraphQLSchema,
  ctx: SimContext,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): Promise<ExecutionResult> {
  return Promise.resolve(
    execute({
      schema,
      document,
      rootValue: rootValue(ctx),
      contextValue: ctx,
      variableValues: variables,
      operationName: operationName ?? null,
    }),
  );
}

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
}

/** Reads `{query, variables, operationName}`; null when `query` is missing. */
export function parseGraphQLRequest(body: unknown): GraphQLRequest | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b['query'] !== 'string') return null;
  const variables = b['variables'];
  return {
    query: b['query'],
    variables:
      variables && typeof variables === 'object' && !Array.isArray(variables)
        ? (variables as Record<string, unknown>)
        : {},
    operationName: typeof b['operationName'] === 'string' ? b['operationName'] : null,
  };
}

function pickOperation(
  document: DocumentNode,
  name: string | null,
): OperationDefinitionNode | GraphQLError {
  const ops = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (name)
    return (
      ops.find((o) => o.name?.value === name) ?? new GraphQLError(`No operation named "${name}"`)
    );
  if (ops.length !== 1) return new GraphQLError('An operation name is required');
  return ops[0]!;
}

/**
 * The GraphQL endpoint without HTTP: validation against the real schema, Shopify's cost and
 * leaky-bucket throttling, execution, and answers in Shopify's shape.
 */
export function createGraphQLHandler(deps: GraphQLHandlerDeps) {
  const { schema, bucket, counters } = deps;
  const withCost = (requested: number, actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: bucket.status(),
    },
  });
  const errorsOnly = (errors: ShopifyGraphQLError[]): GraphQLAnswer => ({
    status: 200,
    body: { errors, extensions: withCost(0, 0) },
  });

  const throttled = (requested: number): GraphQLAnswer => {
    counters.throttled++;
    if (counters.throttledAt.length < THROTTLED_TIMES_KEPT) counters.throttledAt.push(Date.now());
    return {
      status: deps.throttleStatusCode,
      body: {
        errors: [
          {
            message: 'Throttled',
            extensions: {
              code: 'THROTTLED',
              documentation: 'https://shopify.dev/api/usage/limits#rate-limits',
            },
          },
        ],
        extensions: withCost(requested, null),
      },
    };
  };

  // Clients send the same few documents over and over; parsing and validating them once is what
  // keeps a 100,000-product benchmark from measuring graphql-js instead of the caller.
  type Checked =
    { document: DocumentNode; deprecations: string[] } | { errors: ShopifyGraphQLError[] };
  const checkedDocuments = new Map<string, Checked>();
  const parseAndValidate = (query: string): Checked => {
    const cached = checkedDocuments.get(query);
    if (cached) return cached;
    let result: Checked;
    try {
      const document = parse(query);
      const invalid = validate(schema, document);
      const deprecations = invalid.length
        ? []
        : validate(schema, document, [NoDeprecatedCustomRule]).map((e) => e.message);
      result = invalid.length
        ? { errors: invalid.map(shopifyValidationError) }
        : { document, deprecations };
    } catch (e) {
      result = { errors: [shopifyParseError(e as GraphQLError)] };
    }
    if (checkedDocuments.size >= 500) checkedDocuments.clear();
    checkedDocuments.set(query, result);
    return result;
  };

  return async function handle(
    request: GraphQLRequest,
    forceThrottle: boolean,
  ): Promise<GraphQLAnswer> {
    const checked = parseAndValidate(request.query);
    if ('errors' in checked) return errorsOnly(checked.errors);
    const { document, deprecations } = checked;
    const operation = pickOperation(document, request.operationName);
    if (operation instanceof GraphQLError)
      return errorsOnly([
        { message: operation.message, extensions: { code: 'operationNotFound' } },
      ]);
    const coerced = getVariableValues(
      schema,
      operation.variableDefinitions ?? [],
      request.variables,
    );
    if (coerced.errors)
      return errorsOnly(coerced.errors.map((e) => shopifyVariableError(e, request.variables)));

    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const costInput: CostInput = { schema, operation, fragments, variables: coerced.coerced };
    const requested = queryCost(costInput);
    if (requested > MAX_QUERY_COST) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
              extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST },
            },
          ],
          extensions: withCost(requested, null),
        },
      };
    }
    if (forceThrottle || !bucket.tryTake(requested)) return throttled(requested);

    for (const sel of operation.selectionSet.selections) {
      if (sel.kind === Kind.FIELD)
        counters.rootFields[sel.name.value] = (counters.rootFields[sel.name.value] ?? 0) + 1;
    }
    const result = await runDocument(
      schema,
      deps.context(false),
      document,
      request.variables,
      request.operationName ?? undefined,
    );
    const actual = Math.min(requested, queryCost(costInput, result.data ?? null));
    bucket.refund(requested - actual);
    counters.costSpent += actual;
    // A client starting on a full bucket may spend it at once; only after that does its pacing
    // meet the restore rate. Benchmarks judge THROTTLED answers from this moment on.
    if (counters.bucketSpentAt === null && counters.costSpent >= bucket.status().maximumAvailable)
      counters.bucketSpentAt = Date.now();
    const first = operation.selectionSet.selections.find((sel) => sel.kind === Kind.FIELD);
    if (first?.kind === Kind.FIELD)
      counters.rootFieldCost[first.name.value] =
        (counters.rootFieldCost[first.name.value] ?? 0) + actual;
    if (operation.operation === OperationTypeNode.MUTATION) {
      const at = Date.now();
      counters.mutations.cost += actual;
      counters.mutations.firstAt ??= at;
      counters.mutations.lastAt = at;
    }
    const body: GraphQLAnswer['body'] = {};
    if (result.errors?.length) body.errors = result.errors.map((e) => e.toJSON());
    // VARIANT_THROTTLE_EXCEEDED comes without data (see variant-limit.ts).
    const noData = result.errors?.some((e) => e.extensions['code'] === 'VARIANT_THROTTLE_EXCEEDED');
    if (!noData) body.data = result.data ?? null;
    body.extensions = withCost(requested, actual);
    return { status: 200, body, deprecations };
  };
}
