import type { OrderSink } from '../../domain/ports/order-sink.js';
import type { OrderSource } from '../../domain/ports/order-source.js';
import type { OrderStore } from '../../domain/ports/order-store.js';
import { createFetchOrders, type FetchOrdersOptions } from '../usecases/fetch-orders.js';
import { createPushOrders, type PushOrdersOptions } from '../usecases/push-orders.js';
import type { StepContext } from '../usecases/step-context.js';

export interface SyncOrdersDeps {
  readonly shop: string;
  readonly source: OrderSource;
  readonly store: OrderStore;
  readonly sink: OrderSink;
  readonly now?: () => Date;
}

/** The five-minute job: Shopify -> Postgres (fetch and store, page by page) -> API X (push). */
export function createSyncOrdersPipeline(deps: SyncOrdersDeps) {
  const fetch = createFetchOrders(deps);
  const push = createPushOrders(deps);
  return async function run(ctx: StepContext, options: FetchOrdersOptions & PushOrdersOptions) {
    const fetched = await fetch.run(ctx, options);
    const pushed = await push.run(ctx, options);
    return { fetched, pushed };
  };
}
