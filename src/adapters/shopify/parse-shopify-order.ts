import type {
  Address,
  Customer,
  MoneyPair,
  Order,
  OrderLineItem,
  Refund,
} from '../../domain/model/order.js';
import type { Parsed } from '../../domain/model/record-error.js';
import type { FetchedOrder, RepairedText } from '../../domain/ports/order-source.js';
import { describeUnstorable, toStorableText, unstorableAt } from '../../domain/storable-text.js';

/**
 * A raw order node of ORDERS_PAGE_QUERY (order-documents.ts) → domain Order. Pure; never throws.
 * Nullable things stay null (no customer, no address, deleted product, custom line item);
 * anything missing that the query guarantees (id, money, dates) makes the whole order a
 * RecordError naming the order id and the field path.
 *
 * Text PostgreSQL cannot store (a lone UTF-16 surrogate, a NUL: storable-text.ts) is handled by
 * what the string is:
 * - ids, currency codes and dates (Shopify makes them; the order is keyed, matched, priced and
 *   ordered by them): a changed one would be another order, line, currency or time, so the order
 *   is held back as a RecordError naming the field and position. Not expected from Shopify.
 * - text people typed (order name, customer names, email, addresses, phone, line titles, SKUs,
 *   statuses): each such unit becomes U+FFFD and the order goes on, the field and position
 *   listed in `repaired` for a warning. Holding the order back would block a customer's order
 *   on text that carries no character: half an emoji whose other half is gone, or a NUL. Shopify
 *   cannot even fix a line's title or SKU (copied into the order when it was placed), so that
 *   order would never be sent. U+FFFD is what the unit already is to anyone reading it, so
 *   nothing that was readable changes; an edit in Shopify sends the order again whole. A SKU
 *   with U+FFFD matches no API X SKU (ours are storable, record-fields.ts), so it cannot find a
 *   wrong variant: API X treats it as an unknown SKU, named by the warning.
 */
export function parseShopifyOrder(raw: unknown): Parsed<FetchedOrder> {
  // Named in a RecordError, which PostgreSQL must store too.
  const idGuess = isRecord(raw) && typeof raw['id'] === 'string' ? toStorableText(raw['id']) : '';
  const repaired: RepairedText[] = [];
  try {
    const order = readOrder(raw, repaired);
    return { ok: true, value: { order, raw, ...(repaired.length > 0 ? { repaired } : {}) } };
  } catch (error) {
    if (!(error instanceof FieldProblem)) throw error;
    const name =
      isRecord(raw) && typeof raw['name'] === 'string' ? ` (${toStorableText(raw['name'])})` : '';
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

/** An id, a code or a date: taken as sent or not at all (see parseShopifyOrder). */
function exact(o: Obj, key: string, path: string): string {
  const v = string(o, key, path);
  const found = unstorableAt(v);
  if (found !== null)
    throw new FieldProblem(
      `${path}${key}`,
      `contains a broken character (${describeUnstorable(found)}); an id, code or date is never altered, so the order is held back`,
    );
  return v;
}

/** Text for people: units PostgreSQL cannot store become U+FFFD, noted in `repaired`. */
function storable(text: string, field: string, repaired: RepairedText[]): string {
  const found = unstorableAt(text);
  if (found === null) return text;
  repaired.push({ field, ...found });
  return toStorableText(text);
}

function text(o: Obj, key: string, path: string, repaired: RepairedText[]): string {
  return storable(string(o, key, path), `${path}${key}`, repaired);
}

function optionalText(o: Obj, key: string, path: string, repaired: RepairedText[]): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new FieldProblem(`${path}${key}`, 'is not a string');
  return storable(v, `${path}${key}`, repaired);
}

function date(o: Obj, key: string, path: string): string {
  // Date.parse reads past a trailing NUL ("…Z\u0000"), PostgreSQL's timestamptz does not.
  const v = exact(o, key, path);
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
  return exact(object(v, `${path}${key}`), 'id', `${path}${key}.`);
}

function address(v: unknown, path: string, repaired: RepairedText[]): Address | null {
  if (v === null || v === undefined) return null;
  const a = object(v, path);
  const read = (key: string) => optionalText(a, key, `${path}.`, repaired);
  return {
    name: read('name'),
    company: read('company'),
    address1: read('address1'),
    address2: read('address2'),
    city: read('city'),
    province: read('province'),
    zip: read('zip'),
    countryCode: read('countryCodeV2'),
    phone: read('phone'),
  };
}

function customer(v: unknown, repaired: RepairedText[]): Customer | null {
  if (v === null || v === undefined) return null;
  const c = object(v, 'customer');
  const email = c['defaultEmailAddress'];
  return {
    shopifyId: exact(c, 'id', 'customer.'),
    email:
      email === null || email === undefined
        ? null
        : optionalText(
            object(email, 'customer.defaultEmailAddress'),
            'emailAddress',
            'customer.defaultEmailAddress.',
            repaired,
          ),
    firstName: optionalText(c, 'firstName', 'customer.', repaired),
    lastName: optionalText(c, 'lastName', 'customer.', repaired),
  };
}

function lineItem(v: unknown, path: string, repaired: RepairedText[]): OrderLineItem {
  const li = object(v, path);
  const p = `${path}.`;
  const quantity = li['quantity'];
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0)
    throw new FieldProblem(`${p}quantity`, 'is not a whole number >= 0');
  return {
    shopifyId: exact(li, 'id', p),
    title:
      typeof li['title'] === 'string'
        ? storable(li['title'], `${p}title`, repaired)
        : string(li, 'title', p),
    quantity,
    sku: optionalText(li, 'sku', p, repaired) || null,
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
    shopifyId: exact(r, 'id', p),
    createdAt: optionalDate(r, 'createdAt', p) ?? '',
    total: moneyPair(r, 'totalRefundedSet', p),
  };
}

function list(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new FieldProblem(path, 'is not a list');
  return v;
}

function readOrder(raw: unknown, repaired: RepairedText[]): Order {
  const o = object(raw, 'order');
  const shopCurrency = exact(o, 'currencyCode', '');
  const presentmentCurrency = exact(o, 'presentmentCurrencyCode', '');
  const lineItems = object(o['lineItems'], 'lineItems');
  return {
    shopifyId: exact(o, 'id', ''),
    name: text(o, 'name', '', repaired),
    createdAt: date(o, 'createdAt', ''),
    updatedAt: date(o, 'updatedAt', ''),
    test: bool(o, 'test', ''),
    currencyCode: shopCurrency,
    presentmentCurrencyCode: presentmentCurrency,
    customer: customer(o['customer'], repaired),
    email: optionalText(o, 'email', '', repaired),
    shippingAddress: address(o['shippingAddress'], 'shippingAddress', repaired),
    billingAddress: address(o['billingAddress'], 'billingAddress', repaired),
    lineItems: list(lineItems['nodes'], 'lineItems.nodes').map((li, i) =>
      lineItem(li, `lineItems.nodes.${i}`, repaired),
    ),
    subtotal: moneyPairOrZero(o, 'subtotalPriceSet', '', shopCurrency, presentmentCurrency),
    totalDiscounts: moneyPairOrZero(o, 'totalDiscountsSet', '', shopCurrency, presentmentCurrency),
    totalShipping: moneyPair(o, 'totalShippingPriceSet', ''),
    totalTax: moneyPairOrZero(o, 'totalTaxSet', '', shopCurrency, presentmentCurrency),
    total: moneyPair(o, 'totalPriceSet', ''),
    financialStatus: optionalText(o, 'displayFinancialStatus', '', repaired),
    fulfillmentStatus: optionalText(o, 'displayFulfillmentStatus', '', repaired),
    cancelledAt: optionalDate(o, 'cancelledAt', ''),
    cancelReason: optionalText(o, 'cancelReason', '', repaired),
    refunds: list(o['refunds'] ?? [], 'refunds').map((r, i) => refund(r, `refunds.${i}`)),
  };
}
