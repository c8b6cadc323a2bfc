import { check, type Check } from './check.js';

/** One GraphQL answer as the doctor judges it: status, version headers, data, errors, throttle. */
export interface Answer {
  readonly status: number;
  readonly served: string | null;
  readonly deprecated: string | null;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { message: string; code: string | null; path: string }[];
  readonly throttle: { maximumAvailable: number; restoreRate: number } | null;
}

export const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Record<string, unknown> => (isObj(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Where the shop's Admin API answers: SHOPIFY_API_BASE_URL (a simulator, a proxy) or the shop. */
export function shopBase(options: { readonly shop: string; readonly apiBaseUrl: string | null }) {
  return (options.apiBaseUrl ?? `https://${options.shop}`).replace(/\/+$/, '');
}

/** Sends one query (never a mutation) to the shop's Admin API and reads the answer whatever it is. */
export function createDoctorAsk(options: {
  readonly shop: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  readonly apiBaseUrl: string | null;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const url = `${shopBase(options)}/admin/api/${options.apiVersion}/graphql.json`;
  return async function ask(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Answer> {
    const response = await doFetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-shopify-access-token': options.accessToken,
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // judged by the caller from the status
    }
    const b = obj(body);
    const status = obj(obj(obj(b['extensions'])['cost'])['throttleStatus']);
    const max = num(status['maximumAvailable']);
    const rate = num(status['restoreRate']);
    return {
      status: response.status,
      served: response.headers.get('x-shopify-api-version'),
      deprecated: response.headers.get('x-shopify-api-deprecated-reason'),
      data: isObj(b['data']) ? b['data'] : null,
      errors: arr(b['errors']).map((e) => ({
        message: str(obj(e)['message']) ?? JSON.stringify(e),
        code: str(obj(obj(e)['extensions'])['code']),
        path: arr(obj(e)['path']).join('.'),
      })),
      throttle: max !== null && rate !== null ? { maximumAvailable: max, restoreRate: rate } : null,
    };
  };
}

export function queryFailed(name: string, answer: Answer): Check {
  return check(
    'shopify',
    name,
    'fail',
    `Shopify refused the query (HTTP ${answer.status}): ${answer.errors.map((e) => `${e.code ?? ''} ${e.message}`.trim()).join('; ') || 'no data'}`,
    'check the access scopes above',
  );
}

export function unstructuredOwners(data: Record<string, unknown> | null): string[] {
  if (!data) return [];
  const used = (n: unknown) => isObj(obj(n)['metafield']);
  const products = arr(obj(data['products'])['nodes']);
  const owners: string[] = [];
  if (products.some(used)) owners.push('PRODUCT');
  if (products.some((p) => arr(obj(obj(p)['variants'])['nodes']).some(used)))
    owners.push('PRODUCTVARIANT');
  if (arr(obj(data['collections'])['nodes']).some(used)) owners.push('COLLECTION');
  return owners;
}

/**
 * shopify.dev/docs/apps/launch/protected-customer-data: without approval, protected fields (email,
 * names, addresses) are redacted or answered with errors beside the data. No orders: nothing to
 * look at yet.
 */
export function protectedDataCheck(answer: Answer): Check {
  const denied = answer.errors.filter(
    (e) => e.code === 'ACCESS_DENIED' || /protected customer data|not approved/i.test(e.message),
  );
  if (denied.length > 0)
    return check(
      'shopify',
      'protected-customer-data',
      'warn',
      `no protected customer data approval: Shopify withholds ${[...new Set(denied.map((e) => e.path || 'fields'))].join(', ')}; orders reach API X without customer name, email and addresses (one warning per run)`,
      "request access in the Partner Dashboard (App setup > Protected customer data access), or for a custom app enable the fields in the app's configuration; or set ORDERS_CUSTOMER_FIELDS=none to send no customer data",
    );
  if (answer.data === null) return queryFailed('protected-customer-data', answer);
  const order = arr(obj(answer.data['orders'])['nodes'])[0];
  if (order === undefined)
    return check(
      'shopify',
      'protected-customer-data',
      'skip',
      'no order in the shop yet: protected customer data access cannot be observed',
    );
  return check(
    'shopify',
    'protected-customer-data',
    'ok',
    'the newest order reads with its protected fields (email, customer, shipping address)',
  );
}
