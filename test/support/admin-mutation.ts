import * as assert from 'uvu/assert';
import type { E2eEnvironment } from './e2e-environment.js';

/**
 * A mutation a merchant's admin would send (deleting or editing by hand), straight to the Shopify
 * simulator. It must be answered: a refused set-up would leave the test checking nothing.
 */
export async function adminMutation(
  shopify: Pick<E2eEnvironment['shopify'], 'graphqlUrl' | 'accessToken'>,
  query: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const response = await fetch(shopify.graphqlUrl(), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-access-token': shopify.accessToken,
    },
    body: JSON.stringify({ query, variables }),
  });
  assert.is(response.status, 200);
  const body = (await response.json()) as { errors?: unknown };
  assert.is(body.errors, undefined, JSON.stringify(body.errors));
}
