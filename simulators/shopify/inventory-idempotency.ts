/** Sources cited as [schema], [states], [idem] and [toggle]: the list at the top of inventory.ts. */
import {
  getDirectiveValues,
  GraphQLError,
  type GraphQLDirective,
  type GraphQLResolveInfo,
} from 'graphql';
import type { SimContext } from './context.js';
import type { UserError } from './user-error.js';

/**
 * The key of `@idempotent(key:)` on this field. inventorySetQuantities and inventoryActivate
 * require it from 2026-04 on: "calling these mutations without an idempotency directive will
 * result in an error at runtime" [idem]; the directive "cannot be an empty string or whitespace
 * only" [schema: directive idempotent]. The error's wording is not documented; this is ours.
 */
export function idempotencyKey(info: GraphQLResolveInfo, mutation: string): string {
  const directive = info.schema.getDirective('idempotent') as GraphQLDirective;
  const node = info.fieldNodes[0];
  const values = node ? getDirectiveValues(directive, node, info.variableValues) : undefined;
  const key = values?.['key'];
  if (typeof key !== 'string' || key.trim() === '')
    throw new GraphQLError(
      `${mutation} requires an idempotency key: add @idempotent(key: "...") with a non-blank key`,
      { extensions: { code: 'BAD_REQUEST' } },
    );
  return key;
}

/**
 * Runs `apply` once per idempotency key [idem]: the same key with the same arguments gets the
 * first answer again without a second change; with other arguments, a
 * IDEMPOTENCY_KEY_PARAMETER_MISMATCH user error; after a first attempt that failed,
 * IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED ("Retry with a new idempotency key"). Keys are kept for
 * the simulator's lifetime (Shopify keeps them for a retention window).
 */
export function once<R extends { userErrors: UserError[] }>(
  ctx: SimContext,
  mutation: string,
  key: string,
  args: unknown,
  apply: () => R,
  failure: (code: string, message: string) => R,
): R {
  const fingerprint = JSON.stringify({ mutation, args });
  const scoped = `${mutation}:${key}`;
  const seen = ctx.inventory.idempotency.get(scoped);
  if (seen) {
    if (seen.fingerprint !== fingerprint)
      return failure(
        'IDEMPOTENCY_KEY_PARAMETER_MISMATCH',
        'The same idempotency key cannot be used with different operation parameters.',
      );
    if (seen.failed)
      return failure(
        'IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED',
        'A previous request with this idempotency key failed. Retry with a new idempotency key.',
      );
    return seen.result as R;
  }
  const result = apply();
  ctx.inventory.idempotency.set(scoped, {
    fingerprint,
    failed: result.userErrors.length > 0,
    result,
  });
  return result;
}
