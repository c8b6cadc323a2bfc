import { setTimeout as sleep } from 'node:timers/promises';

/** Admin GraphQL as a test reads a shop back: the data of one answered request. */
export type AdminGraphql = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

const MAX_THROTTLED_RETRIES = 10;

/**
 * Admin GraphQL for scenario code, against the simulator or a real store alike. Anything but a
 * clean answer throws: a non-200 status, top-level errors, and a deprecated field (Shopify
 * answers one with X-Shopify-API-Deprecated-Reason, help.shopify.com/en/api/getting-started/
 * api-deprecations; the simulator does too), so a scenario never asserts on a half answer. A
 * THROTTLED answer (a real store's bucket can run dry during a scenario) is retried after the
 * wait its cost extension names. The token goes in the header only, never into a message.
 */
export function createAdminGraphql(options: {
  readonly graphqlUrl: string;
  readonly accessToken: string;
}): AdminGraphql {
  return async function admin(query, variables = {}) {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(options.graphqlUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-access-token': options.accessToken,
        },
        body: JSON.stringify({ query, variables }),
      });
      const operation = /(query|mutation)\s+(\w+)/.exec(query)?.[2] ?? 'anonymous';
      if (response.status !== 200)
        throw new Error(
          `${operation}: HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`,
        );
      const deprecated = response.headers.get('x-shopify-api-deprecated-reason');
      if (deprecated) throw new Error(`${operation} uses a deprecated field: ${deprecated}`);
      const body = (await response.json()) as {
        data?: Record<string, unknown>;
        errors?: { message?: string; extensions?: { code?: string } }[];
        extensions?: {
          cost?: {
            requestedQueryCost?: number;
            throttleStatus?: { currentlyAvailable?: number; restoreRate?: number };
          };
        };
      };
      const throttled = body.errors?.some((e) => e.extensions?.code === 'THROTTLED') ?? false;
      if (throttled && attempt < MAX_THROTTLED_RETRIES) {
        const cost = body.extensions?.cost;
        const missing =
          (cost?.requestedQueryCost ?? 100) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
        await sleep(Math.max(1000, (missing / (cost?.throttleStatus?.restoreRate ?? 50)) * 1000));
        continue;
      }
      if (body.errors?.length || !body.data)
        throw new Error(`${operation}: ${JSON.stringify(body.errors ?? 'no data')}`);
      return body.data;
    }
  };
}

/** A mutation payload's `userErrors` (or the named list), which must be empty. */
export function userErrorsOf(payload: unknown, list = 'userErrors'): unknown[] {
  const errors = (payload as Record<string, unknown> | null)?.[list];
  return Array.isArray(errors) ? errors : [];
}
