import type { ShopifySimulator } from '../../../simulators/shopify/index.js';

/** What a test sees of one HTTP answer. */
export interface TestResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response trees
  body: any;
}

/** A bare fetch-based GraphQL client for the simulator's tests (the adapter has its own). */
export function createTestClient(sim: ShopifySimulator) {
  return async function gql(
    query: string,
    variables: Record<string, unknown> = {},
    options: { token?: string; version?: string; contentType?: string } = {},
  ): Promise<TestResponse> {
    const res = await fetch(sim.graphqlUrl(options.version), {
      method: 'POST',
      headers: {
        'content-type': options.contentType ?? 'application/json',
        'x-shopify-access-token': options.token ?? sim.accessToken,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // non-JSON bodies are returned as text
    }
    return { status: res.status, headers: res.headers, body };
  };
}

/** A manually advanced clock for the bucket and timestamps. */
export function createManualClock(start = Date.parse('2026-11-25T07:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
    set(ms: number) {
      t = ms;
    },
  };
}
