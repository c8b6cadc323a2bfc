import { GraphQLError } from 'graphql';

/**
 * What Shopify granted the app beyond its scopes. Both default to granted; tests switch them off
 * to play an app without them (`simulator.setAccess`).
 */
export interface AppAccess {
  /**
   * Protected customer data, level 2 (name, address, phone, email). shopify.dev, "Work with
   * protected customer data" (docs/apps/launch/protected-customer-data): "If you aren't approved
   * to access the data that you requested, then you might need to update your app to handle
   * errors or redacted data." What an unapproved app gets, as seen in public reports: the
   * response still carries `data`, with `null` in place of each protected field, and an `errors`
   * entry per withheld field beside it (MONEI/Shopify-api-node PR #672: "they also will return
   * the data for the query, but with `null` in the place of the protected fields"), worded
   * "This app is not approved to access the MailingAddress object." (Shopify/shopify-api-js
   * issue #748). The simulator answers regular queries that way (code ACCESS_DENIED, `path` to
   * the field) and bulk exports with the fields redacted to null (the docs' other case).
   */
  protectedCustomerData: boolean;
  /**
   * The `read_all_orders` scope. Without it only orders created in the last 60 days are
   * readable (FIELD-NOTES; shopify.dev "Orders": "only the last 60 days' worth of orders from a
   * store will be accessible" without read_all_orders): older orders are left out of `orders`,
   * `ordersCount` and `order(id)`, and the scope is missing from `accessScopes`.
   */
  readAllOrders: boolean;
}

export const FULL_ACCESS: AppAccess = { protectedCustomerData: true, readAllOrders: true };

const SIXTY_DAYS_MS = 60 * 86_400_000;

/** Whether an order created at `createdAt` is readable by an app with `access`. */
export function orderReadable(access: AppAccess, createdAt: number, now: number): boolean {
  return access.readAllOrders || createdAt >= now - SIXTY_DAYS_MS;
}

/**
 * A protected field's value as the app sees it: the value when approved; otherwise a resolver
 * that raises the field error (graphql-js then answers null at that path with the error beside
 * the data), or plain null in a bulk export.
 */
export function protectedField<T>(
  access: AppAccess,
  unbounded: boolean,
  objectName: string,
  value: T,
): T | null | (() => never) {
  if (access.protectedCustomerData) return value;
  if (unbounded) return null;
  return () => {
    throw new GraphQLError(
      `This app is not approved to access the ${objectName} object. See https://partners.shopify.com/1/apps/1/customer_data for more details.`,
      { extensions: { code: 'ACCESS_DENIED' } },
    );
  };
}
