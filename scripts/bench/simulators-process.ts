/**
 * Benchmark helper (not a test): both simulators in a process of their own, so the peak RSS a
 * benchmark reports is the service's alone. Started by `fork` from scripts/bench/support.ts;
 * options arrive as JSON in argv[2], commands over the IPC channel (see SimCommand).
 */
import {
  startApixSimulator,
  type ApixSimulatorOptions,
} from '../../simulators/apix/start-apix-simulator.js';
import {
  startShopifySimulator,
  type ShopifySimulatorOptions,
} from '../../simulators/shopify/index.js';
import { NO_SPLIT, sampleTimeSplit, type SplitSample, type TimeSplit } from './time-split.js';

export interface SimProcessOptions {
  readonly shopify: ShopifySimulatorOptions;
  readonly apix: ApixSimulatorOptions;
}

/** What the parent may ask; every answer is `{ id, ok, value | error }`. */
export type SimCommand =
  | {
      readonly kind: 'seed-orders';
      readonly count: number;
      readonly lineItems: number;
      readonly largeEvery?: number;
      readonly largeLineItems?: number;
      /** Orders' updatedAt spread over this many seconds before now (default 3600). */
      readonly spreadSeconds?: number;
      /** The newest order's age at the run (default 0: changed just now). */
      readonly ageSeconds?: number;
    }
  | {
      readonly kind: 'daily-changes';
      readonly seed: number;
      readonly changedProducts: number;
      readonly priceChanges: number;
    }
  | { readonly kind: 'shopify-counters' }
  | { readonly kind: 'reset-counters' }
  | { readonly kind: 'bulk-operations' }
  | { readonly kind: 'apix-orders' }
  | { readonly kind: 'product-count' }
  /** API X's warehouse ships the first `count` orders it received, each in full (one shipment). */
  | { readonly kind: 'ship-orders'; readonly count: number }
  /** API X's stock: about `fraction` of all levels change (deterministic from `seed`). */
  | { readonly kind: 'stock-changes'; readonly seed: number; readonly fraction: number }
  /** The Shopify simulator's bucket from now on (a set-up may run at another plan's rate). */
  | { readonly kind: 'set-limits'; readonly bucketSize: number; readonly restoreRate: number }
  /** This process's CPU time so far (user + system, seconds): the simulators share the cores. */
  | { readonly kind: 'cpu-seconds' }
  /** Starts sampling where a run's time goes on Shopify's side (time-split.ts)... */
  | { readonly kind: 'split-start' }
  /** ...and stops it: the TimeSplit since split-start. */
  | { readonly kind: 'split-stop' };

const options = JSON.parse(process.argv[2] ?? '{}') as SimProcessOptions;
const shopify = await startShopifySimulator(options.shopify);
const apix = await startApixSimulator(options.apix);
let split: { stop(): TimeSplit } | null = null;

const RUNNING: readonly string[] = ['CREATED', 'RUNNING', 'CANCELING'];
const splitSample = (): SplitSample => ({
  at: Date.now(),
  bulkActive: shopify.state.bulkOperations().some((o) => RUNNING.includes(o.status)),
  lastMutationAt: shopify.counters().mutations.lastAt,
});

function handle(command: SimCommand): unknown {
  switch (command.kind) {
    case 'seed-orders': {
      // Spread over the last hour so the window is realistic and updatedAt ties are common.
      const spreadMs = (command.spreadSeconds ?? 3600) * 1000;
      const start = Date.now() - spreadMs - (command.ageSeconds ?? 0) * 1000;
      const step = spreadMs / Math.max(1, command.count);
      shopify.orders.seed(command.count, (i) => {
        const lines =
          command.largeEvery && i % command.largeEvery === 0
            ? (command.largeLineItems ?? 60)
            : command.lineItems;
        const at = new Date(start + Math.floor(i * step)).toISOString();
        return {
          createdAt: at,
          updatedAt: at,
          email: `buyer${i}@example.com`,
          customer: { firstName: 'Bench', lastName: `Buyer ${i}`, email: `buyer${i}@example.com` },
          shippingAddress: {
            name: `Bench Buyer ${i}`,
            address1: 'Main street 1',
            city: 'Berlin',
            zip: '10115',
            countryCode: 'DE',
          },
          billingAddress: {
            name: `Bench Buyer ${i}`,
            address1: 'Main street 1',
            city: 'Berlin',
            zip: '10115',
            countryCode: 'DE',
          },
          shipping: '4.90',
          lineItems: Array.from({ length: lines }, (_, n) => ({
            title: `Item ${n}`,
            quantity: 1 + (n % 3),
            unitPrice: '19.90',
            sku: `SKU-${i}-${n}`,
          })),
        };
      });
      return shopify.orders.list().length;
    }
    case 'daily-changes': {
      const s = apix.catalog.applyDailyChanges({
        seed: command.seed,
        changedProducts: command.changedProducts,
        priceChanges: command.priceChanges,
      });
      return {
        changed: s.changed.length,
        repriced: s.repriced.length,
        removed: s.removed.length,
        added: s.added.length,
      };
    }
    case 'shopify-counters':
      return shopify.counters();
    case 'reset-counters':
      shopify.resetCounters();
      apix.resetCounters();
      return null;
    case 'bulk-operations':
      return shopify.state.bulkOperations();
    case 'apix-orders':
      return { orders: apix.orders.list().length, replays: apix.orders.replays() };
    case 'product-count':
      return shopify.state.productCount();
    case 'ship-orders': {
      const received = apix.orders.list().slice(0, command.count);
      received.forEach((o, i) =>
        apix.shipments.ship(o.reference, { carrier: 'UPS', trackingNumbers: [`BENCH-${i + 1}`] }),
      );
      return received.length;
    }
    case 'stock-changes':
      return apix.stock.applyChanges({ seed: command.seed, fraction: command.fraction }).length;
    case 'set-limits':
      shopify.setLimits({ bucketSize: command.bucketSize, restoreRate: command.restoreRate });
      return null;
    case 'cpu-seconds': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1e6;
    }
    case 'split-start':
      split?.stop();
      split = sampleTimeSplit(splitSample);
      return null;
    case 'split-stop': {
      const result = split?.stop() ?? NO_SPLIT;
      split = null;
      return result;
    }
  }
}

process.on('message', (message: { id: number; command: SimCommand }) => {
  try {
    process.send?.({ id: message.id, ok: true, value: handle(message.command) });
  } catch (error) {
    process.send?.({
      id: message.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
process.on('disconnect', () => {
  void Promise.allSettled([shopify.close(), apix.close()]).then(() => process.exit(0));
});
process.send?.({
  id: 0,
  ok: true,
  value: {
    shopifyUrl: shopify.url,
    shop: shopify.shop,
    shopifyToken: shopify.accessToken,
    apixUrl: apix.url,
    apixToken: apix.token,
  },
});
