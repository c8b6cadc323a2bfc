/**
 * A fake transport for adapter unit tests: responses are queued in the order the code under test
 * is expected to ask for them; a request with nothing queued, or a queued response never used,
 * fails the test. Every request is recorded (URL, headers, parsed JSON body).
 */
export interface RecordedRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: unknown;
}

export type Responder = (request: RecordedRequest) => Response | Promise<Response>;

export interface FakeFetch {
  readonly fetch: typeof fetch;
  readonly requests: RecordedRequest[];
  queue(...responders: (Responder | Response)[]): void;
  assertDone(): void;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A GraphQL success envelope with a cost extension. */
export function gql(data: unknown, available = 1900, actual = 10): Response {
  return json({
    data,
    extensions: {
      cost: {
        requestedQueryCost: actual,
        actualQueryCost: actual,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 },
      },
    },
  });
}

export function throttledBody(available = 0, status = 200): Response {
  return json(
    {
      errors: [
        {
          message: 'Throttled',
          extensions: {
            code: 'THROTTLED',
            documentation: 'https://shopify.dev/api/usage/rate-limits',
          },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 50,
          actualQueryCost: null,
          throttleStatus: {
            maximumAvailable: 2000,
            currentlyAvailable: available,
            restoreRate: 100,
          },
        },
      },
    },
    status,
  );
}

export function createFakeFetch(): FakeFetch {
  const pending: (Responder | Response)[] = [];
  const requests: RecordedRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (init?.signal?.aborted) throw init.signal.reason;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let body: unknown = init?.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        // not JSON (e.g. JSONL): keep the text
      }
    }
    const request = { url, headers: new Headers(init?.headers), body };
    requests.push(request);
    const next = pending.shift();
    if (!next) throw new Error(`fake fetch: unexpected request #${requests.length} to ${url}`);
    return next instanceof Response ? next : next(request);
  };
  return {
    fetch: fake,
    requests,
    queue: (...responders) => pending.push(...responders),
    assertDone() {
      if (pending.length > 0)
        throw new Error(`fake fetch: ${pending.length} queued response(s) never requested`);
    },
  };
}
