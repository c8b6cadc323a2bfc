import { UpstreamError } from '../../../domain/errors.js';
import type { ShopSetup } from '../../../domain/ports/shop-setup.js';
import * as doc from './shop-setup-documents.js';
import { obj, str, type Obj } from '../graphql-values.js';
import { toFieldErrors } from '../product-set-input.js';
import type { ShopifyCatalogOptions } from './catalog-options.js';

const OWNER_TYPES = ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION'] as const;

export function createShopSetup(options: ShopifyCatalogOptions): ShopSetup {
  const { client, customId } = options;
  const log = options.logger.child({ component: 'shopify-catalog' });
  return {
    async ensureCustomIdDefinitions(signal, opts) {
      const missing: string[] = [];
      for (const ownerType of OWNER_TYPES) {
        const vars = { ownerType, namespace: customId.namespace, key: customId.key };
        const found = await client.request<Obj>(doc.CUSTOM_ID_DEFINITION_QUERY, vars, { signal });
        const nodes = obj(found['metafieldDefinitions'])['nodes'];
        const existing = Array.isArray(nodes) ? obj(nodes[0]) : {};
        if (existing['id']) {
          const type = str(obj(existing['type'])['name']);
          if (type !== 'id') {
            throw new UpstreamError(
              'shopify',
              `metafield ${customId.namespace}.${customId.key} on ${ownerType} has type ${type}, not id`,
              {
                retryable: false,
                hint: 'choose another SHOPIFY custom id namespace/key or remove the conflicting definition',
              },
            );
          }
          continue;
        }
        missing.push(ownerType);
        if (opts?.dryRun) continue;
        const created = await client.request<Obj>(
          doc.CUSTOM_ID_DEFINITION_CREATE,
          {
            definition: {
              name: 'External ID (API X)',
              namespace: customId.namespace,
              key: customId.key,
              ownerType,
              type: 'id',
              // In an app-owned namespace ($app...) the merchant can be kept to reading: a
              // cleared custom id would make the next run create a duplicate. "Admin access can
              // only be specified for app-owned metafield definitions" (ADMIN_ACCESS_INPUT_NOT_ALLOWED).
              ...(customId.namespace.startsWith('$app')
                ? { access: { admin: 'MERCHANT_READ' } }
                : {}),
            },
          },
          { signal },
        );
        const errors = toFieldErrors(obj(created['metafieldDefinitionCreate'])['userErrors']);
        if (errors.some((e) => e.code === 'UNSTRUCTURED_ALREADY_EXISTS'))
          throw new UpstreamError(
            'shopify',
            `cannot create the custom id definition ${customId.namespace}.${customId.key} on ${ownerType}: metafields without a definition already use that namespace and key (UNSTRUCTURED_ALREADY_EXISTS); nothing was synced`,
            {
              retryable: false,
              hint: 'set SHOPIFY_CUSTOM_ID_NAMESPACE/SHOPIFY_CUSTOM_ID_KEY to a free namespace and key (an app-owned one such as $app is best), or remove those metafields first; `doctor` names the owner types',
            },
          );
        // TAKEN: another run created it between our read and our write; that is the goal anyway.
        if (errors.length > 0 && !errors.every((e) => e.code === 'TAKEN')) {
          throw new UpstreamError(
            'shopify',
            `cannot create the custom id definition on ${ownerType}: ${errors.map((e) => e.message).join('; ')}`,
            { retryable: false },
          );
        }
        log.info({ ownerType }, 'custom id metafield definition created');
      }
      return missing;
    },

    async shopVariants(signal) {
      const data = await client.request<Obj>(doc.SHOP_VARIANTS_QUERY, {}, { signal });
      const count = Number(obj(data['productVariantsCount'])['count']);
      if (!Number.isFinite(count))
        throw new UpstreamError('shopify', 'no productVariantsCount in the answer', {
          retryable: true,
        });
      return { variants: count, plus: obj(obj(data['shop'])['plan'])['shopifyPlus'] === true };
    },

    async shopMoneySettings(signal) {
      const data = await client.request<Obj>(doc.SHOP_MONEY_QUERY, {}, { signal });
      const shop = obj(data['shop']);
      const currencyCode = str(shop['currencyCode']);
      if (!currencyCode)
        throw new UpstreamError('shopify', 'shop has no currency code', { retryable: false });
      const enabled = shop['enabledPresentmentCurrencies'];
      return {
        currencyCode,
        enabledPresentmentCurrencies: Array.isArray(enabled)
          ? enabled.filter((c): c is string => typeof c === 'string')
          : [],
      };
    },
  };
}
