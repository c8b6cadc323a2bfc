import {
  DOCTOR_CATALOG_QUERY,
  DOCTOR_PROTECTED_DATA_QUERY,
  DOCTOR_PUBLICATIONS_QUERY,
  DOCTOR_SHOP_QUERY,
  DOCTOR_UNSTRUCTURED_QUERY,
} from '../adapters/shopify/doctor-documents.js';
import { check, type Check } from './check.js';
import {
  arr,
  createDoctorAsk,
  num,
  obj,
  protectedDataCheck,
  queryFailed,
  shopBase,
  str,
  unstructuredOwners,
  type Answer,
} from './shopify-answer.js';
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

const OWNER_TYPES = ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION'] as const;

/**
 * Reads everything a run needs from Shopify with queries only (no mutation is ever sent), and
 * judges it. Returns the checks and the facts the combined checks use.
 */
export async function shopifyChecks(
  options: ShopifyDoctorOptions,
): Promise<{ checks: Check[]; facts: ShopifyFacts }> {
  const now = options.now ?? (() => new Date());
  const facts: {
    -readonly [K in keyof ShopifyFacts]: ShopifyFacts[K];
  } = { currency: null, variants: null, shopifyPlus: false, throttle: null, plan: null };
  const checks: Check[] = [];

  const ask = createDoctorAsk(options);

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
      `cannot reach ${shopBase(options)}: ${(error as Error).message}`,
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
