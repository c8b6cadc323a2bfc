import { check, type Check } from './check.js';

/**
 * Pure judgements on what Shopify answered; shopify-checks.ts asks, these decide. Each cites the
 * Shopify behaviour it relies on.
 */

/**
 * Requested vs served API version. shopify.dev/docs/api/usage/versioning: every response names
 * the version that served it in `X-Shopify-API-Version`; a request for a version that is no
 * longer supported is served by the oldest supported one ("fall forward"), with no error. Each
 * stable version is supported for at least 12 months after its release (quarterly: 01/04/07/10).
 */
export function apiVersionCheck(
  requested: string,
  served: string | null,
  deprecatedReason: string | null,
  now: Date,
): Check {
  if (served === null)
    return check(
      'shopify',
      'api-version',
      'warn',
      `requested ${requested}; Shopify's answer did not say which version served it (no X-Shopify-API-Version header)`,
      'a proxy between here and Shopify may strip headers; check SHOPIFY_API_BASE_URL',
    );
  if (served !== requested)
    return check(
      'shopify',
      'api-version',
      'fail',
      `requested ${requested} but Shopify served ${served}: ${requested} is no longer supported and Shopify silently answers with its oldest supported version, whose schema this release was not tested against`,
      `set SHOPIFY_API_VERSION to a supported version (this release is built for 2026-10) and upgrade integration-service if it is older than that`,
    );
  if (deprecatedReason)
    return check(
      'shopify',
      'api-version',
      'warn',
      `served ${served}, but Shopify flags deprecated use: ${deprecatedReason}`,
      'upgrade integration-service before the deprecated field is removed',
    );
  if (requested === 'unstable')
    return check(
      'shopify',
      'api-version',
      'warn',
      'served unstable: it changes without notice',
      'use a stable version (SHOPIFY_API_VERSION=2026-10)',
    );
  const end = supportedUntil(requested);
  const daysLeft = Math.floor((end.getTime() - now.getTime()) / 86_400_000);
  const until = end.toISOString().slice(0, 10);
  if (daysLeft < 90)
    return check(
      'shopify',
      'api-version',
      'warn',
      `served ${served} as requested; its guaranteed support ends about ${until} (${Math.max(daysLeft, 0)} days)`,
      'plan the upgrade to a newer integration-service and SHOPIFY_API_VERSION before then',
    );
  return check(
    'shopify',
    'api-version',
    'ok',
    `served ${served} as requested; supported until at least ${until}`,
  );
}

/** A stable version YYYY-MM is supported for at least 12 months from its release on the 1st. */
export function supportedUntil(version: string): Date {
  const [year = 0, month = 1] = version.split('-').map(Number);
  return new Date(Date.UTC(year + 1, month - 1, 1));
}

/**
 * Rate-limit bucket from `extensions.cost.throttleStatus`. shopify.dev/docs/api/usage/limits:
 * restore rate per second by plan: Standard 100, Advanced 200, Plus 1000, Enterprise 2000.
 * `pointsPerRun` is an estimate of a first full catalogue run (productSet ~10 points each plus
 * 0.2 per variant, its documented cost).
 */
export function throttleCheck(
  status: { maximumAvailable: number; restoreRate: number } | null,
  plan: string | null,
  catalogue: { products: number; variants: number } | null,
): Check {
  if (!status)
    return check(
      'shopify',
      'rate-limit',
      'warn',
      'Shopify sent no throttleStatus with its answer',
      'the jobs pace themselves from it; report this',
    );
  const tier =
    status.restoreRate >= 2000
      ? 'Enterprise'
      : status.restoreRate >= 1000
        ? 'Plus'
        : status.restoreRate >= 200
          ? 'Advanced'
          : 'Standard';
  const base = `${plan ? `plan ${plan}, ` : ''}bucket ${status.maximumAvailable} points, restoring ${status.restoreRate}/s (${tier} rate)`;
  if (!catalogue) return check('shopify', 'rate-limit', 'ok', base);
  const points = estimateFirstSyncPoints(catalogue);
  const seconds = Math.ceil(points / status.restoreRate);
  const time = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return check(
    'shopify',
    'rate-limit',
    'ok',
    `${base}: a first sync of ${catalogue.products} products (${catalogue.variants} variants) costs about ${points} points, at least ${time} of the bucket's restore (bulk import above SYNC_BULK_THRESHOLD is not paced by it)`,
  );
}

export function estimateFirstSyncPoints(catalogue: { products: number; variants: number }): number {
  return Math.ceil(catalogue.products * 10 + catalogue.variants * 0.2);
}

/**
 * The daily new-variant limit (Admin API `productCreate` description, "resource-based rate
 * limits"): once a store has 50,000 variants, a store not on Plus may add at most 1,000 new
 * variants a day. `upstreamVariants` - `shopVariants` approximates what a first sync creates.
 */
export const VARIANT_THRESHOLD = 50_000;
export const VARIANTS_PER_DAY = 1_000;

export function variantLimitCheck(
  shopVariants: number,
  upstreamVariants: number | null,
  shopifyPlus: boolean,
): Check {
  if (upstreamVariants === null)
    return check(
      'shopify',
      'variant-limit',
      'skip',
      `the store has ${shopVariants} variants; API X's catalogue size is unknown, so the initial sync's length cannot be estimated`,
    );
  const toCreate = Math.max(0, upstreamVariants - shopVariants);
  if (shopifyPlus || toCreate === 0)
    return check(
      'shopify',
      'variant-limit',
      'ok',
      `the store has ${shopVariants} variants, API X ${upstreamVariants}: ${toCreate} to create${shopifyPlus ? ' (Plus: no daily variant limit)' : ''}`,
    );
  const freeToday = Math.max(0, VARIANT_THRESHOLD - shopVariants);
  const throttled = Math.max(0, toCreate - freeToday);
  if (throttled === 0)
    return check(
      'shopify',
      'variant-limit',
      'ok',
      `the store has ${shopVariants} variants, API X ${upstreamVariants}: ${toCreate} to create, all below Shopify's 50,000-variant threshold (one day)`,
    );
  const days = 1 + Math.ceil(throttled / VARIANTS_PER_DAY);
  return check(
    'shopify',
    'variant-limit',
    'warn',
    `the store has ${shopVariants} variants, API X ${upstreamVariants}: of ${toCreate} to create, ${throttled} are above Shopify's 50,000-variant threshold, where a non-Plus store gets 1,000 new variants a day: the initial sync takes about ${days} days`,
    'expect the catalogue to fill over those days (creations resume each day); Shopify Plus has no such limit',
  );
}

export interface DefinitionFound {
  readonly ownerType: string;
  readonly type: string | null;
}

/**
 * Custom-id metafield definitions (type `id`) per owner type. Missing ones are created by the
 * first run, which needs write_products; `metafieldDefinitionCreate` refuses a namespace and key
 * that metafields already use without a definition (`UNSTRUCTURED_ALREADY_EXISTS`) or that
 * another definition holds (`TAKEN`) (MetafieldDefinitionCreateUserErrorCode, 2026-10 schema).
 */
export function definitionChecks(
  namespaceKey: string,
  ownerTypes: readonly string[],
  found: readonly DefinitionFound[],
  canCreate: boolean,
  unstructuredOwners: readonly string[],
): Check[] {
  return ownerTypes.map((owner) => {
    const name = `custom-id-${owner.toLowerCase()}`;
    const def = found.find((d) => d.ownerType === owner);
    if (def && def.type === 'id')
      return check('shopify', name, 'ok', `${owner} definition ${namespaceKey} (type id) exists`);
    if (def)
      return check(
        'shopify',
        name,
        'fail',
        `definition key taken: ${namespaceKey} on ${owner} is defined with type ${def.type ?? '(unknown)'}, not id, so it cannot hold the custom ids`,
        'set SHOPIFY_CUSTOM_ID_NAMESPACE/SHOPIFY_CUSTOM_ID_KEY to a free namespace and key, or delete that definition in Settings > Custom data if nothing uses it',
      );
    if (unstructuredOwners.includes(owner))
      return check(
        'shopify',
        name,
        'fail',
        `definition key taken: ${owner} metafields already use ${namespaceKey} without a definition; Shopify refuses to create the id definition (UNSTRUCTURED_ALREADY_EXISTS)`,
        'choose another SHOPIFY_CUSTOM_ID_NAMESPACE/SHOPIFY_CUSTOM_ID_KEY, or remove those metafields first',
      );
    if (!canCreate)
      return check(
        'shopify',
        name,
        'fail',
        `${owner} definition ${namespaceKey} is missing and cannot be created without write_products`,
        'grant write_products (see the scope check above)',
      );
    return check(
      'shopify',
      name,
      'ok',
      `${owner} definition ${namespaceKey} is absent; the first run creates it (nothing uses the key)`,
    );
  });
}

/**
 * The publications the catalogue job publishes new products and collections to
 * (`SHOPIFY_PUBLISH_TO`, default "Online Store"), found by their catalog's title as the job finds
 * them. Shopify creates products and collections unpublished (`publishablePublish` description);
 * a name that matches nothing leaves them invisible on that channel. `Publication.name` is
 * deprecated for `Catalog.title` in 2026-10.
 */
export function publicationCheck(
  titles: readonly string[] | null,
  wanted: readonly string[],
): Check {
  if (wanted.length === 0)
    return check(
      'shopify',
      'publications',
      'ok',
      'SHOPIFY_PUBLISH_TO=none: new products and collections stay unpublished until someone publishes them in the admin',
    );
  if (titles === null)
    return check(
      'shopify',
      'publications',
      'skip',
      'publications not readable (read_publications/write_publications missing; see the scope check)',
    );
  const missing = wanted.filter((w) => !titles.includes(w));
  const have = titles.length === 0 ? 'none at all' : `only: ${titles.join(', ')}`;
  if (missing.length === 0)
    return check(
      'shopify',
      'publications',
      'ok',
      `${wanted.join(', ')} found (${titles.length} publication(s): ${titles.join(', ')})`,
    );
  return check(
    'shopify',
    'publications',
    'fail',
    `${missing.includes('Online Store') ? 'no Online Store publication' : `no publication named ${missing.join(', ')}`} (${have}): new products and collections would never be visible there`,
    missing.includes('Online Store')
      ? 'add the Online Store sales channel in the Shopify admin, or set SHOPIFY_PUBLISH_TO to the channels you sell on (none: publish by hand)'
      : 'set SHOPIFY_PUBLISH_TO to publication names this shop has (the titles listed), or none',
  );
}

/** API X prices must be in the shop's currency (docs/api-x.openapi.yaml, Price.currency). */
export function currencyCheck(shopCurrency: string, apixCurrencies: readonly string[]): Check {
  const other = apixCurrencies.filter((c) => c !== shopCurrency);
  if (other.length === 0)
    return check(
      'shopify',
      'currency',
      'ok',
      `shop currency ${shopCurrency}${apixCurrencies.length > 0 ? ', the same as API X prices' : ''}`,
    );
  return check(
    'shopify',
    'currency',
    'fail',
    `shop currency ${shopCurrency}, but API X prices are in ${other.join(', ')}: those prices are refused`,
    "make API X send prices in the shop's currency, or change the shop's currency",
  );
}
