import type {
  Address,
  Customer,
  MoneyPair,
  Order,
  OrderLineItem,
  Refund,
} from '../../domain/model/order.js';
import type { Parsed } from '../../domain/model/record-error.js';
import type { FetchedOrder } from '../../domain/ports/order-source.js';

/**
 * A raw order node of ORDERS_PAGE_QUERY (order-documents.ts) → domain Order. Pure; never throws.
 * Nullable things stay null (no customer, no address, deleted product, custom line item);
 * anything missing that the query guarantees (id, money, dates) makes the whole order a
 * RecordError naming the order id and the field path.
 */
export function parseShopifyOrder(raw: unknown): Parsed<FetchedOrder> {
  const idGuess = isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : '';
  try {
    return { ok: true, value: { order: readOrder(raw), raw } };
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    const name = isRecord(raw) && typeof raw['name'] === 'string' ? ` (${raw['name']})` : '';
    return {
      ok: false,
      error: {
        entity: 'order',
        externalId: idGuess,
        field: error.path,
        reason: `order ${idGuess || '(no id)'}${name}: ${error.path} ${error.problem}`,
        payload: raw,
      },
    };
  }
}

class FieldProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} ${problem}`);
  }
}

type Obj = Record<string, unknown>;

function isRecord(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, path: string): Obj {
  if (!isRecord(v)) throw new FieldProblem(path, 'is not an object');
  return v;
}

function string(o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '')
    throw new FieldProblem(`${path}${key}`, 'is missing or not a string');
  return v;
}

function optionalString(o: Obj, key: string, path: string): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new FieldProblem(`${path}${key}`, 'is not a string');
  return v;
}

function date(o: Obj, key: string, path: string): string {
  const v = string(o, key, path);
  if (Number.isNaN(Date.parse(v)))
    throw new FieldProblem(`${path}${key}`, `is not a date: ${JSON.stringify(v)}`);
  return v;
}

function optionalDate(o: Obj, key: string, path: string): string | null {
  return o[key] === null || o[key] === undefined ? null : date(o, key, path);
}

function bool(o: Obj, key: string, path: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new FieldProblem(`${path}${key}`, 'is not a boolean');
  return v;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

function money(v: unknown, path: string): { amount: string; currencyCode: string } {
  const m = object(v, path);
  // Shopify's Decimal is a string; a number here would already have lost precision upstream.
  const amount = m['amount'];
  if (typeof amount !== 'string' || !DECIMAL.test(amount))
    throw new FieldProblem(`${path}.amount`, `is not a decimal string: ${JSON.stringify(amount)}`);
  const currencyCode = m['currencyCode'];
  if (typeof currencyCode !== 'string' || !CURRENCY.test(currencyCode))
    throw new FieldProblem(`${path}.currencyCode`, 'is not a currency code');
  return { amount, currencyCode };
}

function moneyPair(o: Obj, key: string, path: string): MoneyPair {
  const bag = object(o[key], `${path}${key}`);
  return {
    shop: money(bag['shopMoney'], `${path}${key}.shopMoney`),
    presentment: money(bag['presentmentMoney'], `${path}${key}.presentmentMoney`),
  };
}

/** Nullable MoneyBag fields (subtotal, discounts, tax) read as zero in the order's currencies. */
function moneyPairOrZero(
  o: Obj,
  key: string,
  path: string,
  shopCurrency: string,
  presentmentCurrency: string,
): MoneyPair {
  if (o[key] === null || o[key] === undefined) {
    return {
      shop: { amount: '0.00', currencyCode: shopCurrency },
      presentment: { amount: '0.00', currencyCode: presentmentCurrency },
    };
  }
  return moneyPair(o, key, path);
}

function gidOf(o: Obj, key: string, path: string): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  return string(object(v, `${path}${key}`), 'id', `${path}${key}.`);
}

function address(v: unknown, path: string): Address | null {
  if (v === null || v === undefined) return null;
  const a = object(v, path);
  const p = `${path}.`;
  return {
    name: optionalString(a, 'name', p),
    company: optionalString(a, 'company', p),
    address1: optionalString(a, 'address1', p),
    address2: optionalString(a, 'address2', p),
    city: optionalString(a, 'city', p),
    province: optionalString(a, 'province', p),
    zip: optionalString(a, 'zip', p),
    countryCode: optionalString(a, 'countryCodeV2', p),
    phone: optionalString(a, 'phone', p),
  };
}

function customer(v: unknown): Customer | null {
  if (v === null || v === undefined) return null;
  const c = object(v, 'customer');
  const email = c['defaultEmailAddress'];
  return {
    shopifyId: string(c, 'id', 'customer.'),
    email:
      email === null || email === undefined
        ? null
        : optionalString(
            object(email, 'customer.defaultEmailAddress'),
            'emailAddress',
            'customer.defaultEmailAddress.',
          ),
    firstName: optionalString(c, 'firstName', 'customer.'),
    lastName: optionalString(c, 'lastName', 'customer.'),
  };
}

function lineItem(v: unknown, path: string): OrderLineItem {
  const li = object(v, path);
  const p = `${path}.`;
  const quantity = li['quantity'];
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0)
    throw new FieldProblem(`${p}quantity`, 'is not a whole number >= 0');
  return {
    shopifyId: string(li, 'id', p),
    title: typeof li['title'] === 'string' ? li['title'] : string(li, 'title', p),
    quantity,
    sku: optionalString(li, 'sku', p) || null,
    variantId: gidOf(li, 'variant', p),
    productId: gidOf(li, 'product', p),
    isGiftCard: bool(li, 'isGiftCard', p),
    unitPrice: moneyPair(li, 'originalUnitPriceSet', p),
    totalDiscount: moneyPair(li, 'totalDiscountSet', p),
  };
}

function refund(v: unknown, path: string): Refund {
  const r = object(v, path);
  const p = `${path}.`;
  return {
    shopifyId: string(r, 'id', p),
    createdAt: optionalDate(r, 'createdAt', p) ?? '',
    total: moneyPair(r, 'totalRefundedSet', p),
  };
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new FieldProblem(path, 'is not a list');
  return v;
}

function readOrder(raw: unknown): Order {
  const o = object(raw, 'order');
  const shopCurrency = string(o, 'currencyCode', '');
  const presentmentCurrency = string(o, 'presentmentCurrencyCode', '');
  const lineItems = object(o['lineItems'], 'lineItems');
  return {
    shopifyId: string(o, 'id', ''),
    name: string(o, 'name', ''),
    createdAt: date(o, 'createdAt', ''),
    updatedAt: date(o, 'updatedAt', ''),
    test: bool(o, 'test', ''),
    currencyCode: shopCurrency,
    presentmentCurrencyCode: presentmentCurrency,
    customer: customer(o['customer']),
    email: optionalString(o, 'email', ''),
    shippingAddress: address(o['shippingAddress'], 'shippingAddress'),
    billingAddress: address(o['billingAddress'], 'billingAddress'),
    lineItems: list(lineItems['nodes'], 'lineItems.nodes').map((li, i) =>
      lineItem(li, `lineItems.nodes.${i}`),
    ),
    subtotal: moneyPairOrZero(o, 'subtotalPriceSet', '', shopCurrency, presentmentCurrency),
    totalDiscounts: moneyPairOrZero(o, 'totalDiscountsSet', '', shopCurrency, presentmentCurrency),
    totalShipping: moneyPair(o, 'totalShippingPriceSet', ''),
    totalTax: moneyPairOrZero(o, 'totalTaxSet', '', shopCurrency, presentmentCurrency),
    total: moneyPair(o, 'totalPriceSet', ''),
    financialStatus: optionalString(o, 'displayFinancialStatus', ''),
    fulfillmentStatus: optionalString(o, 'displayFulfillmentStatus', ''),
    cancelledAt: optionalDate(o, 'cancelledAt', ''),
    cancelReason: optionalString(o, 'cancelReason', ''),
    refunds: list(o['refunds'] ?? [], 'refunds').map((r, i) => refund(r, `refunds.${i}`)),
  };
}
