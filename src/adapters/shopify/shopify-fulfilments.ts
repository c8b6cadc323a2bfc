import { UpstreamError } from '../../domain/errors.js';
import type { Tracking } from '../../domain/model/shipment.js';
import type { ShopifyFulfilments, WriteResult } from '../../domain/ports/shopify-fulfilments.js';
import {
  FULFILLMENT_CANCEL,
  FULFILLMENT_CREATE,
  FULFILLMENT_TRACKING_UPDATE,
} from './fulfillment-documents.js';
import { createFulfilmentRead } from './fulfilment-read.js';
import { list, obj, str, type Obj } from './graphql-values.js';
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
    orderFulfilments: createFulfilmentRead(client),
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
