import {
  DOCTOR_CATALOG_QUERY,
  DOCTOR_PROTECTED_DATA_QUERY,
  DOCTOR_PUBLICATIONS_QUERY,
  DOCTOR_SHOP_QUERY,
  DOCTOR_UNSTRUCTURED_QUERY,
} from '../adapters/shopify/doctor-documents.js';
import { check, type Check } from './check.js';
import { grants, scopeChecks } from './required-scopes.js';
import type { LocationMapEntry } from '../domain/model/location-map.js';
import {
  DOCTOR_LOCATIONS_QUERY,
  inventoryLocationsCheck,
  locationsOf,
} from './inventory-checks.js';
import {
  apiVersionCheck,
  currencyCheck,
  definitionChecks,
  publicationCheck,
  throttleCheck,
  variantLimitCheck,
} from './shopify-verdicts.js';

export interface ShopifyDoctorOptions {
  readonly shop: string;
  readonly accessToken: string;
  readonly apiVersion: string;
  readonly apiBaseUrl: string | null;
  readonly timeoutMs: number;
  readonly customId: { readonly namespace: string; readonly key: string };
  readonly backfillDays: number;
  /** ORDERS_CUSTOMER_FIELDS: none asks for no protected field, so approval does not matter. */
  readonly customerFields: 'none' | 'contact' | 'full';
  /** SHOPIFY_PUBLISH_TO: publication names; empty for none. */
  readonly publishTo: readonly string[];
  /** INVENTORY_LOCATIONS; empty when the store does not run sync-inventory. */
  readonly inventoryLocations?: readonly LocationMapEntry[];
  /** SHIPMENTS_ENABLED: only then is the fulfilment scope needed. */
  readonly shipmentsEnabled?: boolean;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
}

/** What the Shopify checks learnt that other groups' judgements need (the catalogue estimate). */
export interface ShopifyFacts {
  readonly currency: string | null;
  readonly variants: number | null;
  readonly shopifyPlus: boolean;
  readonly throttle: { maximumAvailable: number; restoreRate: number } | null;
  readonly plan: string | null;
}

interface Answer {
  readonly status: number;
  readonly served: string | null;
  readonly deprecated: string | null;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { message: string; code: string | null; path: string }[];
  readonly throttle: { maximumAvailable: number; restoreRate: number } | null;
}

const OWNER_TYPES = ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION'] as const;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Record<string, unknown> => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Reads everything a run needs from Shopify with queries only (no mutation is ever sent), and
 * judges it. Returns the checks and the facts the combined checks use.
 */
export async function shopifyChecks(
  options: ShopifyDoctorOptions,
): Promise<{ checks: Check[]; facts: ShopifyFacts }> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = (options.apiBaseUrl ?? `https://${options.shop}`).replace(/\/+$/, '');
  const url = `${base}/admin/api/${options.apiVersion}/graphql.json`;
  const now = options.now ?? (() => new Date());
  const facts: {
    -readonly [K in keyof ShopifyFacts]: ShopifyFacts[K];
  } = { currency: null, variants: null, shopifyPlus: false, throttle: null, plan: null };
  const checks: Check[] = [];

  async function ask(query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
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
  }

  /** A failed first answer: nothing after it can be checked, so the report ends with it. */
  const stopAt = (name: string, found: string, action: string) => {
    checks.push(check('shopify', name, 'fail', found, action));
    return { checks, facts };
  };

  // 1. Token, version, shop, scopes.
  let first: Answer;
  try {
    first = await ask(DOCTOR_SHOP_QUERY);
  } catch (error) {
    return stopAt(
      'reachable',
      `cannot reach ${base}: ${(error as Error).message}`,
      'check SHOPIFY_SHOP (and SHOPIFY_API_BASE_URL if set) and the network path to Shopify',
    );
  }
  if (first.status === 401 || first.status === 403) {
    return stopAt(
      'token',
      `bad token: Shopify answered ${first.status} ${first.status === 401 ? '(invalid API key or access token)' : '(forbidden)'} for ${options.shop}`,
      "set SHOPIFY_ACCESS_TOKEN to the Admin API access token of this store's app (starts with shpat_); a reinstalled app has a new token",
    );
  }
  if (first.status === 402 || first.status === 423) {
    return stopAt(
      'token',
      `Shopify answered ${first.status}: the shop is ${first.status === 402 ? 'frozen (unpaid)' : 'locked'}`,
      'the store owner must resolve it in the Shopify admin',
    );
  }
  if (first.status !== 200 || first.data === null) {
    return stopAt(
      'token',
      `Shopify answered HTTP ${first.status}${first.errors[0] ? `: ${first.errors[0].message}` : ''}`,
      'retry later; if it persists, check status.shopify.com and SHOPIFY_API_BASE_URL',
    );
  }
  const shop = obj(first.data['shop']);
  const plan = obj(shop['plan']);
  facts.currency = str(shop['currencyCode']);
  facts.shopifyPlus = plan['shopifyPlus'] === true;
  facts.plan = str(plan['publicDisplayName']);
  facts.throttle = first.throttle;
  checks.push(
    check(
      'shopify',
      'token',
      'ok',
      `token accepted by ${str(shop['myshopifyDomain']) ?? options.shop} ("${str(shop['name']) ?? ''}"${facts.plan ? `, plan ${facts.plan}` : ''}${plan['partnerDevelopment'] === true ? ', development store' : ''})`,
    ),
  );
  checks.push(apiVersionCheck(options.apiVersion, first.served, first.deprecated, now()));
  const granted = arr(obj(first.data['currentAppInstallation'])['accessScopes'])
    .map((s) => str(obj(s)['handle']))
    .filter((s): s is string => s !== null);
  checks.push(
    ...scopeChecks(granted, {
      backfillDays: options.backfillDays,
      publishes: options.publishTo.length > 0,
      stock: (options.inventoryLocations ?? []).length > 0,
      shipments: options.shipmentsEnabled === true,
    }),
  );
  const scopes = new Set(granted);
  const namespaceKey = `${options.customId.namespace}.${options.customId.key}`;
  const vars = { namespace: options.customId.namespace, key: options.customId.key };

  // 2. Catalogue size and custom-id definitions (read_products).
  if (grants(scopes, 'read_products')) {
    const catalog = await ask(DOCTOR_CATALOG_QUERY, vars);
    if (catalog.data === null) {
      checks.push(queryFailed('custom-id', catalog));
    } else {
      facts.variants = num(obj(catalog.data['productVariantsCount'])['count']);
      const found = (['product', 'variant', 'collection'] as const).flatMap((alias, i) =>
        arr(obj(catalog.data?.[alias])['nodes']).map((n) => ({
          ownerType: OWNER_TYPES[i] ?? 'PRODUCT',
          type: str(obj(obj(n)['type'])['name']),
        })),
      );
      const missing = OWNER_TYPES.filter((o) => !found.some((d) => d.ownerType === o));
      let unstructured: string[] = [];
      if (missing.length > 0) {
        const sample = await ask(DOCTOR_UNSTRUCTURED_QUERY, vars);
        unstructured = unstructuredOwners(sample.data);
      }
      checks.push(
        ...definitionChecks(
          namespaceKey,
          OWNER_TYPES,
          found,
          grants(scopes, 'write_products'),
          unstructured,
        ),
      );
    }
  } else {
    checks.push(
      check('shopify', 'custom-id', 'skip', 'definitions not readable without read_products'),
    );
  }

  // 3. Publications (read_publications, or write_publications which grants it).
  if (options.publishTo.length > 0 && grants(scopes, 'read_publications')) {
    const pubs = await ask(DOCTOR_PUBLICATIONS_QUERY);
    if (pubs.data === null) checks.push(queryFailed('publications', pubs));
    else
      checks.push(
        publicationCheck(
          arr(obj(pubs.data['publications'])['nodes']).map(
            (p) => str(obj(obj(p)['catalog'])['title']) ?? '(untitled)',
          ),
          options.publishTo,
        ),
      );
  } else checks.push(publicationCheck(null, options.publishTo));

  // 4. Protected customer data (read_orders).
  if (options.customerFields === 'none')
    checks.push(
      check(
        'shopify',
        'protected-customer-data',
        'ok',
        'ORDERS_CUSTOMER_FIELDS=none: no protected customer field is read, no approval needed',
      ),
    );
  else if (grants(scopes, 'read_orders'))
    checks.push(protectedDataCheck(await ask(DOCTOR_PROTECTED_DATA_QUERY)));

  // 5. The stock job's locations (read_locations), when the store runs it.
  const inventoryLocations = options.inventoryLocations ?? [];
  if (inventoryLocations.length > 0)
    checks.push(
      inventoryLocationsCheck(
        inventoryLocations,
        grants(scopes, 'read_locations')
          ? locationsOf((await ask(DOCTOR_LOCATIONS_QUERY)).data)
          : null,
      ),
    );

  return { checks, facts };
}

function queryFailed(name: string, answer: Answer): Check {
  return check(
    'shopify',
    name,
    'fail',
    `Shopify refused the query (HTTP ${answer.status}): ${answer.errors.map((e) => `${e.code ?? ''} ${e.message}`.trim()).join('; ') || 'no data'}`,
    'check the access scopes above',
  );
}

function unstructuredOwners(data: Record<string, unknown> | null): string[] {
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
function protectedDataCheck(answer: Answer): Check {
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

/** Judgements that need both Shopify's and API X's answers. */
export function catalogueChecks(
  facts: ShopifyFacts,
  apix: { products: number; variants: number; currencies: readonly string[] } | null,
): Check[] {
  const out: Check[] = [];
  if (facts.currency) out.push(currencyCheck(facts.currency, apix?.currencies ?? []));
  if (facts.throttle || facts.variants !== null)
    out.push(throttleCheck(facts.throttle, facts.plan, apix));
  if (facts.variants !== null)
    out.push(variantLimitCheck(facts.variants, apix?.variants ?? null, facts.shopifyPlus));
  return out;
}
