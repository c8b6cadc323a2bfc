import { UpstreamError } from '../../domain/errors.js';
import type { Tracking } from '../../domain/model/shipment.js';
import type {
  FulfilmentView,
  OrderFulfilment,
  ShopifyFulfilments,
  WriteResult,
} from '../../domain/ports/shopify-fulfilments.js';
import {
  FULFILLMENT_CANCEL,
  FULFILLMENT_CREATE,
  FULFILLMENT_TRACKING_UPDATE,
  ORDER_FULFILMENT_QUERY,
} from './fulfillment-documents.js';
import { list, obj, pageInfo, str, type Obj } from './graphql-values.js';
import type { ShopifyGraphqlClient } from './shopify-graphql-client.js';

/** FulfillmentTrackingInput from our tracking: `numbers`/`urls` only (never `number`/`url`). */
export function trackingInput(tracking: Tracking): Obj {
  return {
    ...(tracking.company === null ? {} : { company: tracking.company }),
    ...(tracking.numbers.length > 0 ? { numbers: tracking.numbers } : {}),
    ...(tracking.urls.length > 0 ? { urls: tracking.urls } : {}),
  };
}

function userErrors(payload: unknown): string[] {
  return list(obj(payload)['userErrors']).map((e) => {
    const error = obj(e);
    const field = list(error['field']).join('.');
    return `${field === '' ? '' : `${field}: `}${str(error['message']) ?? 'refused'}`;
  });
}

/** Thrown inside the parse only; the order is answered as truncated, never guessed about. */
class TooLarge extends Error {}
const tooLarge = (what: string) =>
  new TooLarge(
    `the order has more ${what} than one read covers (10 fulfillment orders and 10 fulfilments of 40 lines each); fulfil it by hand in Shopify`,
  );

function parseOrderFulfilment(order: Obj): OrderFulfilment {
  const fos = obj(order['fulfillmentOrders']);
  if (pageInfo(fos['pageInfo']).hasNextPage) throw tooLarge('fulfillment orders');
  const fulfillmentOrders = list(fos['nodes']).map((n) => {
    const fo = obj(n);
    const lines = obj(fo['lineItems']);
    if (pageInfo(lines['pageInfo']).hasNextPage) throw tooLarge('fulfillment order lines');
    return {
      id: str(fo['id']) ?? '',
      status: str(fo['status']) ?? '',
      locationId: str(obj(obj(fo['assignedLocation'])['location'])['id']),
      lines: list(lines['nodes']).map((l) => {
        const line = obj(l);
        const remaining = line['remainingQuantity'];
        return {
          id: str(line['id']) ?? '',
          lineItemId: str(obj(line['lineItem'])['id']) ?? '',
          remaining: typeof remaining === 'number' ? remaining : 0,
        };
      }),
    };
  });
  const fulfilmentList = list(order['fulfillments']);
  if (fulfilmentList.length >= 10) throw tooLarge('fulfilments');
  const fulfilments: FulfilmentView[] = fulfilmentList.map((n) => {
    const f = obj(n);
    const lines = obj(f['fulfillmentLineItems']);
    if (pageInfo(lines['pageInfo']).hasNextPage) throw tooLarge('fulfilment lines');
    return {
      id: str(f['id']) ?? '',
      status: str(f['status']) ?? '',
      createdAt: str(f['createdAt']) ?? '',
      locationId: str(obj(f['location'])['id']),
      trackingNumbers: list(f['trackingInfo'])
        .map((t) => str(obj(t)['number']))
        .filter((n): n is string => n !== null),
      lines: list(lines['nodes']).map((l) => {
        const line = obj(l);
        const quantity = line['quantity'];
        return {
          lineItemId: str(obj(line['lineItem'])['id']) ?? '',
          quantity: typeof quantity === 'number' ? quantity : 0,
        };
      }),
    };
  });
  return { fulfillmentOrders, fulfilments, truncated: null };
}

/** Fulfilment through the Admin GraphQL API (documents in fulfillment-documents.ts). */
export function createShopifyFulfilments(client: ShopifyGraphqlClient): ShopifyFulfilments {
  const write = async <T>(
    document: string,
    root: string,
    variables: Obj,
    signal: AbortSignal,
    value: (payload: Obj) => T,
    idempotent: boolean,
  ): Promise<WriteResult<T>> => {
    const data = await client.request<Obj>(document, variables, { signal, idempotent });
    const payload = obj(data[root]);
    const errors = userErrors(payload);
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value(payload) };
  };
  return {
    async orderFulfilment(orderId, signal) {
      const data = await client.request<Obj>(ORDER_FULFILMENT_QUERY, { id: orderId }, { signal });
      const order = data['order'];
      if (order === null || order === undefined) return null;
      try {
        return parseOrderFulfilment(obj(order));
      } catch (e) {
        if (!(e instanceof TooLarge)) throw e;
        return { fulfillmentOrders: [], fulfilments: [], truncated: e.message };
      }
    },
    create: (request, signal) =>
      write(
        FULFILLMENT_CREATE,
        'fulfillmentCreate',
        {
          fulfillment: {
            lineItemsByFulfillmentOrder: request.groups.map((g) => ({
              fulfillmentOrderId: g.fulfillmentOrderId,
              fulfillmentOrderLineItems: g.items,
            })),
            notifyCustomer: request.notifyCustomer,
            ...(request.tracking ? { trackingInfo: trackingInput(request.tracking) } : {}),
          },
        },
        signal,
        (payload) => {
          const id = str(obj(payload['fulfillment'])['id']);
          if (id === null)
            throw new UpstreamError('shopify', 'fulfillmentCreate answered without a fulfilment', {
              retryable: false,
            });
          return id;
        },
        // Sent twice it fulfils the lines twice, or is refused and the first one goes unrecorded.
        // The 2026-10 schema documents no @idempotent support for it (admin_2026-10.json.gz).
        false,
      ),
    updateTracking: (fulfillmentId, tracking, notifyCustomer, signal) =>
      write(
        FULFILLMENT_TRACKING_UPDATE,
        'fulfillmentTrackingInfoUpdate',
        { fulfillmentId, trackingInfoInput: trackingInput(tracking), notifyCustomer },
        signal,
        () => null,
        // Sets the tracking to the given value: sending it again changes nothing more.
        true,
      ),
    cancel: (fulfillmentId, signal) =>
      // Sent again after it went through, it is refused (already cancelled) and read as a failure.
      write(
        FULFILLMENT_CANCEL,
        'fulfillmentCancel',
        { id: fulfillmentId },
        signal,
        () => null,
        false,
      ),
  };
}
