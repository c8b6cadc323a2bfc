import { createHash } from 'node:crypto';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An order API X accepted, with every version it received (first = the POST). */
export interface StoredOrder {
  readonly reference: string;
  readonly externalId: string;
  readonly versions: readonly unknown[];
}

/** A response the store decided; the server writes it as is. */
export interface StoreResponse {
  readonly status: number;
  readonly body: unknown;
  readonly replayed: boolean;
}

export interface OrderStore {
  /** Orders in the order API X received them. */
  list(): readonly StoredOrder[];
  get(reference: string): StoredOrder | undefined;
  byExternalId(externalId: string): StoredOrder | undefined;
  /** Requests that carried a key already answered (served from the idempotency record). */
  replays(): number;
  /** Every POST and PUT for this Shopify order id gets 422 with these field errors. */
  rejectOrder(externalId: string, fieldErrors?: readonly FieldError[]): void;
  clearRejections(): void;
  create(key: string, body: unknown): StoreResponse;
  update(reference: string, key: string, body: unknown): StoreResponse;
}

function errorBody(code: string, message: string, fieldErrors?: readonly FieldError[]): unknown {
  return fieldErrors && fieldErrors.length > 0 ? { code, message, fieldErrors } : { code, message };
}

const DECIMAL = /^(0|[1-9]\d*)(\.\d{1,3})?$/;

function isMoneyPair(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return ['shop', 'presentment'].every((side) => {
    const m = (value as Record<string, unknown>)[side];
    if (typeof m !== 'object' || m === null) return false;
    const { amount, currency } = m as Record<string, unknown>;
    return (
      typeof amount === 'string' &&
      DECIMAL.test(amount) &&
      typeof currency === 'string' &&
      /^[A-Z]{3}$/.test(currency)
    );
  });
}

/** The checks API X makes on an order body (a subset of OrderInput's schema, enough to catch mapping bugs). */
export function validateOrderBody(body: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [{ field: '(body)', message: 'must be a JSON object' }];
  const o = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const requireString = (field: string) => {
    if (typeof o[field] !== 'string' || o[field] === '')
      errors.push({ field, message: 'is required' });
  };
  ['externalId', 'name', 'createdAt', 'updatedAt'].forEach(requireString);
  for (const field of ['currency', 'presentmentCurrency']) {
    if (typeof o[field] !== 'string' || !/^[A-Z]{3}$/.test(o[field]))
      errors.push({ field, message: 'must be an ISO 4217 code' });
  }
  if (typeof o['test'] !== 'boolean') errors.push({ field: 'test', message: 'must be a boolean' });
  const lines = o['lines'];
  if (!Array.isArray(lines) || lines.length === 0)
    errors.push({ field: 'lines', message: 'must list at least one line' });
  else {
    lines.forEach((line: unknown, i) => {
      const l = (typeof line === 'object' && line !== null ? line : {}) as Record<string, unknown>;
      if (typeof l['externalId'] !== 'string')
        errors.push({ field: `lines[${i}].externalId`, message: 'is required' });
      const q = l['quantity'];
      if (typeof q !== 'number' || !Number.isInteger(q) || q < 1)
        errors.push({ field: `lines[${i}].quantity`, message: 'must be a positive integer' });
      if (!isMoneyPair(l['unitPrice']))
        errors.push({ field: `lines[${i}].unitPrice`, message: 'must be a money pair' });
    });
  }
  const totals = (
    typeof o['totals'] === 'object' && o['totals'] !== null ? o['totals'] : {}
  ) as Record<string, unknown>;
  for (const t of ['subtotal', 'discounts', 'shipping', 'tax', 'total']) {
    if (!isMoneyPair(totals[t]))
      errors.push({ field: `totals.${t}`, message: 'must be a money pair' });
  }
  if (typeof o['status'] !== 'object' || o['status'] === null)
    errors.push({ field: 'status', message: 'is required' });
  if (!Array.isArray(o['refunds'])) errors.push({ field: 'refunds', message: 'must be an array' });
  return errors;
}

/**
 * API X's order intake. Idempotency follows the IETF Idempotency-Key draft: a key is bound to the
 * first request's fingerprint (method, path, body); the same request again gets the stored answer
 * with `Idempotent-Replayed: true`; a different request with the same key gets 422. Only
 * successful answers are stored, so a request that failed validation can be fixed and resent.
 */
export function createOrderStore(): OrderStore {
  const orders = new Map<string, { reference: string; externalId: string; versions: unknown[] }>();
  const byExternal = new Map<string, string>();
  const keys = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const rejections = new Map<string, readonly FieldError[]>();
  let replays = 0;
  let sequence = 0;

  const fingerprint = (method: string, path: string, body: unknown) =>
    createHash('sha256')
      .update(`${method} ${path}\n${JSON.stringify(body)}`)
      .digest('hex');

  function idempotent(
    key: string,
    method: string,
    path: string,
    body: unknown,
    run: () => StoreResponse,
  ): StoreResponse {
    const print = fingerprint(method, path, body);
    const known = keys.get(key);
    if (known) {
      if (known.fingerprint !== print) {
        return {
          status: 422,
          body: errorBody(
            'idempotency_key_reused',
            'this Idempotency-Key was used for a different request',
          ),
          replayed: false,
        };
      }
      replays += 1;
      return { status: 200, body: known.body, replayed: true };
    }
    const response = run();
    if (response.status >= 200 && response.status < 300)
      keys.set(key, { fingerprint: print, status: response.status, body: response.body });
    return response;
  }

  function check(body: unknown): StoreResponse | null {
    const errors = validateOrderBody(body);
    const externalId = (body as Record<string, unknown> | null)?.['externalId'];
    const rejected = typeof externalId === 'string' ? rejections.get(externalId) : undefined;
    const all = [...errors, ...(rejected ?? [])];
    if (all.length > 0 || rejected) {
      return {
        status: 422,
        body: errorBody('validation_failed', 'the order was not accepted', all),
        replayed: false,
      };
    }
    return null;
  }

  const snapshot = (o: {
    reference: string;
    externalId: string;
    versions: unknown[];
  }): StoredOrder => ({
    reference: o.reference,
    externalId: o.externalId,
    versions: [...o.versions],
  });

  return {
    list: () => [...orders.values()].map(snapshot),
    get: (reference) => {
      const o = orders.get(reference);
      return o && snapshot(o);
    },
    byExternalId: (externalId) => {
      const ref = byExternal.get(externalId);
      const o = ref === undefined ? undefined : orders.get(ref);
      return o && snapshot(o);
    },
    replays: () => replays,
    rejectOrder: (
      externalId,
      fieldErrors = [{ field: '(order)', message: 'rejected by the simulator' }],
    ) => rejections.set(externalId, fieldErrors),
    clearRejections: () => rejections.clear(),
    create(key, body) {
      return idempotent(key, 'POST', '/v1/orders', body, () => {
        const invalid = check(body);
        if (invalid) return invalid;
        const externalId = (body as { externalId: string }).externalId;
        const existing = byExternal.get(externalId);
        if (existing !== undefined) {
          return {
            status: 409,
            body: {
              code: 'order_exists',
              message: `order ${externalId} was already received`,
              reference: existing,
            },
            replayed: false,
          };
        }
        sequence += 1;
        const reference = `SO-${String(sequence).padStart(6, '0')}`;
        orders.set(reference, { reference, externalId, versions: [body] });
        byExternal.set(externalId, reference);
        return { status: 201, body: { reference, version: 1 }, replayed: false };
      });
    },
    update(reference, key, body) {
      return idempotent(key, 'PUT', `/v1/orders/${reference}`, body, () => {
        const order = orders.get(reference);
        if (!order)
          return {
            status: 404,
            body: errorBody('order_not_found', `no order ${reference}`),
            replayed: false,
          };
        const invalid = check(body);
        if (invalid) return invalid;
        if ((body as { externalId: string }).externalId !== order.externalId) {
          return {
            status: 422,
            body: errorBody('validation_failed', 'the order was not accepted', [
              { field: 'externalId', message: `order ${reference} belongs to ${order.externalId}` },
            ]),
            replayed: false,
          };
        }
        order.versions.push(body);
        return {
          status: 200,
          body: { reference, version: order.versions.length },
          replayed: false,
        };
      });
    },
  };
}
