/** What sync-orders last learned from Shopify about the app's access. */
export interface AccessCheck {
  readonly readsAllOrders: boolean;
  readonly checkedAt: Date;
}

/**
 * The last answer to "does the app have read_all_orders", kept per shop: `status` shows it, and
 * a run that knows the scope is granted need not count the orders it would miss without it.
 */
export interface AccessMemo {
  lastAccessCheck(): Promise<AccessCheck | null>;
  recordAccessCheck(readsAllOrders: boolean): Promise<void>;
}
