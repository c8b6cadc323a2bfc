/** The shop's orders as tests seed them (…Seed) and as the simulator holds them (…Record). */

/** An amount in shop currency, or in shop and presentment currency when they differ. */
export type MoneySeed = string | { readonly shop: string; readonly presentment: string };

export interface AddressSeed {
  readonly name?: string | null;
  readonly company?: string | null;
  readonly address1?: string | null;
  readonly address2?: string | null;
  readonly city?: string | null;
  readonly zip?: string | null;
  readonly province?: string | null;
  readonly provinceCode?: string | null;
  readonly country?: string | null;
  readonly countryCode?: string | null;
  readonly phone?: string | null;
}

/**
 * A line item. `variantId`/`productId` are GIDs of catalogue items (they read back as null once the
 * product is deleted); leave both out for a custom item.
 */
export interface LineItemSeed {
  readonly title: string;
  readonly quantity: number;
  readonly unitPrice: MoneySeed;
  /** Total discount allocated to this line (all units). */
  readonly discount?: MoneySeed;
  readonly sku?: string | null;
  readonly variantId?: string | null;
  readonly productId?: string | null;
  readonly variantTitle?: string | null;
  readonly isGiftCard?: boolean;
}

/** Everything a test may set on an order; all optional except line items. Times: ISO string or ms. */
export interface OrderSeed {
  readonly lineItems: readonly LineItemSeed[];
  readonly name?: string;
  readonly createdAt?: string | number;
  readonly updatedAt?: string | number;
  readonly test?: boolean;
  readonly currencyCode?: string;
  readonly presentmentCurrencyCode?: string;
  readonly email?: string | null;
  readonly customer?: {
    readonly firstName?: string | null;
    readonly lastName?: string | null;
    readonly email?: string | null;
  } | null;
  readonly shippingAddress?: AddressSeed | null;
  readonly billingAddress?: AddressSeed | null;
  readonly shipping?: MoneySeed;
  readonly tax?: MoneySeed;
  readonly displayFinancialStatus?: string | null;
  readonly displayFulfillmentStatus?: string;
  readonly note?: string | null;
  readonly tags?: readonly string[];
}

export interface Money2 {
  shop: number; // cents
  presentment: number;
}

export interface LineRecord {
  num: number;
  title: string;
  quantity: number;
  unit: Money2;
  discount: Money2;
  sku: string | null;
  variantNum: number | null;
  productNum: number | null;
  variantTitle: string | null;
  isGiftCard: boolean;
}

export interface RefundRecord {
  num: number;
  createdAt: number;
  amount: Money2;
}

/** One order as the simulator holds it. */
export interface OrderRecord {
  num: number;
  name: string;
  createdAt: number;
  updatedAt: number;
  test: boolean;
  currencyCode: string;
  presentmentCurrencyCode: string;
  email: string | null;
  customer: {
    num: number;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
  } | null;
  shippingAddress: (AddressSeed & { num: number }) | null;
  billingAddress: (AddressSeed & { num: number }) | null;
  lines: LineRecord[];
  shipping: Money2;
  tax: Money2;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  cancelledAt: number | null;
  cancelReason: string | null;
  refunds: RefundRecord[];
  note: string | null;
  tags: string[];
}

/** In-process control of the shop's orders (tests seed and change them; GraphQL only reads). */
export interface OrderBook {
  /** Creates one order; returns its GID. */
  create(seed: OrderSeed): string;
  /**
   * Creates `count` orders from `make(i)` (default: one line item of 10.00). Orders share the
   * clock's current time unless `make` sets `createdAt`/`updatedAt`. Returns their GIDs.
   */
  seed(count: number, make?: (i: number) => Partial<OrderSeed>): string[];
  cancel(id: string, reason?: string): void;
  /** Refunds `amount` (default: everything left); bumps updatedAt and the financial status. */
  refund(id: string, amount?: string): void;
  fulfil(id: string): void;
  /** Replaces the given fields as an order edit would; bumps updatedAt. */
  edit(id: string, changes: Partial<OrderSeed>): void;
  /** Sets updatedAt without any other change (e.g. to build ties). */
  touch(id: string, at?: string | number): void;
  get(id: string): OrderRecord | undefined;
  /** Removes the order; false when there is none. `orderDelete` also records the event. */
  remove(id: string): boolean;
  list(): OrderRecord[];
  clear(): void;
}
