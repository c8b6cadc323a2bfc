import type { Logger } from '../../domain/ports/logger.js';
import { redactUrl } from './redact.js';

// The start of a GraphQL request body: {"query":"mutation ProductSet(...". Read from the first
// characters only: bodies can be large and this runs for every request, traced or not.
const OPERATION = /^\s*\{\s*"query"\s*:\s*"(?:\\n|\s)*(query|mutation)\s+([A-Za-z_]\w*)/;

/** `mutation ProductSet` from a GraphQL request body; null for anything else. */
export function graphqlOperation(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  const m = OPERATION.exec(body.slice(0, 300));
  return m ? `${m[1]} ${m[2]}` : null;
}

/**
 * `fetch` that logs each exchange at trace level (LOG_LEVEL=trace): method, URL with credentials
 * masked, the GraphQL operation, status, milliseconds and response size. Headers carry the access
 * token and bodies carry customer data, so neither is ever logged.
 */
export function createTracedFetch(
  doFetch: typeof fetch,
  logger: Pick<Logger, 'trace'>,
  system: string,
): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    const url = input instanceof Request ? input.url : String(input);
    const detail = {
      system,
      method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
      url: redactUrl(url),
      operation: graphqlOperation(init?.body),
    };
    try {
      const response = await doFetch(input, init);
      logger.trace(
        {
          ...detail,
          status: response.status,
          ms: Math.round(performance.now() - started),
          bytes: Number(response.headers.get('content-length') ?? NaN) || null,
        },
        `${system} exchange`,
      );
      return response;
    } catch (error) {
      logger.trace(
        {
          ...detail,
          error: error instanceof Error ? error.message : String(error),
          ms: Math.round(performance.now() - started),
        },
        `${system} exchange failed`,
      );
      throw error;
    }
  };
}
