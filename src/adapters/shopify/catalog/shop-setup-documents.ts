/**
 * Documents of the shop setup port (shop-setup.ts): custom-id definitions, money settings, variant count. Named constants, validated against the vendored Admin schema by
 * test/adapters/shopify/documents.test.ts, so a misspelt field fails the build instead of a run.
 */
import { CODED_USER_ERRORS } from '../user-errors.js';

export const CUSTOM_ID_DEFINITION_QUERY = /* GraphQL */ `
  query CustomIdDefinition($ownerType: MetafieldOwnerType!, $namespace: String!, $key: String!) {
    metafieldDefinitions(first: 1, ownerType: $ownerType, namespace: $namespace, key: $key) {
      nodes {
        id
        type {
          name
        }
      }
    }
  }
`;

export const CUSTOM_ID_DEFINITION_CREATE = /* GraphQL */ `
  mutation CreateCustomIdDefinition($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id }
      ${CODED_USER_ERRORS}
    }
  }
`;

export const SHOP_MONEY_QUERY = /* GraphQL */ `
  query ShopMoney {
    shop {
      currencyCode
      enabledPresentmentCurrencies
    }
  }
`;

/**
 * The shop's variant count without the default cap of 10,000 (`limit: null`, per the Count
 * field's description) and its plan: Shopify's daily new-variant limit applies from 50,000
 * variants to stores not on Plus.
 */
export const SHOP_VARIANTS_QUERY = /* GraphQL */ `
  query ShopVariants {
    productVariantsCount(limit: null) {
      count
    }
    shop {
      plan {
        shopifyPlus
      }
    }
  }
`;
