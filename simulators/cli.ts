/**
 * `npm run simulators`: both simulators on fixed loopback ports with a seeded catalogue and a
 * stream of orders, for trying the CLI by hand; runs until Ctrl-C. `startSimulators` is also what
 * the one-command demo (scripts/demo.ts) runs in-process.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ApixProductRecord } from './apix/apix-records.js';
import { createRandom } from './apix/catalog-generator.js';
import { startApixSimulatorOnPort, type ApixSimulator } from './apix/start-apix-simulator.js';
import {
  startShopifySimulatorForCli,
  type LineItemSeed,
  type ShopifySimulator,
} from './shopify/index.js';

export interface SimulatorsOptions {
  /** 0 picks a free port (tests, the demo); the CLI defaults to fixed ones so the printed variables stay valid. */
  readonly shopifyPort: number;
  readonly apixPort: number;
  readonly products: number;
  readonly categories: number;
  /** Orders in the shop at start. */
  readonly orders: number;
  readonly seed: number;
  readonly shop: string;
  /**
   * Shopify's bucket and bulk speed. Defaults are a Plus-sized shop (bucket 20,000, 1000/s) so a
   * demo of a few thousand products is not an exercise in waiting for the leaky bucket.
   */
  readonly bucketSize?: number;
  readonly restoreRate?: number;
  readonly bulkRowsPerSecond?: number;
  /** Listen address of both (default 127.0.0.1); the skaffold dev profile's pod uses 0.0.0.0. */
  readonly host?: string;
  /** Base URL the Shopify simulator hands out for uploads and bulk results (its Service's URL in a cluster). */
  readonly shopifyPublicUrl?: string;
}

export const SIMULATORS_DEFAULTS: SimulatorsOptions = {
  shopifyPort: 4321,
  apixPort: 4322,
  products: 3000,
  categories: 40,
  orders: 25,
  seed: 1,
  shop: 'demo-shop.myshopify.com',
};

export interface RunningSimulators {
  readonly shopify: ShopifySimulator;
  readonly apix: ApixSimulator;
  /** Exactly what the CLI needs to talk to these simulators (secrets included: they are the simulators' own). */
  readonly env: Readonly<Record<string, string>>;
  readonly banner: string;
  /** Places `count` orders of catalogue items in the shop; returns their GIDs. */
  placeOrders(count: number): string[];
  /** Places `perTick` orders every `everyMs`; returns the stop function. */
  streamOrders(everyMs: number, perTick?: number): () => void;
  close(): Promise<void>;
}

export async function startSimulators(options: SimulatorsOptions): Promise<RunningSimulators> {
  const apix = await startApixSimulatorOnPort(options.apixPort, {
    seed: options.seed,
    products: options.products,
    categories: options.categories,
    variantsPerProduct: [1, 4],
    ...(options.host ? { host: options.host } : {}),
  });
  let shopify: ShopifySimulator;
  let shopifyBanner: string;
  try {
    ({ simulator: shopify, banner: shopifyBanner } = await startShopifySimulatorForCli({
      port: options.shopifyPort,
      shop: options.shop,
      bucketSize: options.bucketSize ?? 20_000,
      restoreRate: options.restoreRate ?? 1000,
      bulkRowsPerSecond: options.bulkRowsPerSecond ?? 5000,
      ...(options.host ? { host: options.host } : {}),
      ...(options.shopifyPublicUrl ? { publicUrl: options.shopifyPublicUrl } : {}),
    }));
  } catch (error) {
    await apix.close();
    throw error;
  }

  // Orders buy from the first active products of the catalogue (a bounded sample: the catalogue
  // is generated lazily and may be large).
  const sample: ApixProductRecord[] = [];
  for (const p of apix.catalog.products()) {
    if (p.active && p.variants.length > 0) sample.push(p);
    if (sample.length >= 200) break;
  }
  // The catalogue's generator: the same seed gives the same orders.
  const next = createRandom(options.seed);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
  const lineItem = (): LineItemSeed => {
    const product = pick(sample);
    const variant = product ? pick(product.variants) : undefined;
    if (!product || !variant) return { title: 'Gift wrap', quantity: 1, unitPrice: '2.50' };
    return {
      title: product.title,
      variantTitle: variant.optionValues.join(' / ') || null,
      sku: variant.sku,
      quantity: 1 + Math.floor(next() * 3),
      unitPrice: apix.catalog.price(variant.id).amount,
    };
  };
  const placeOrders = (count: number): string[] =>
    shopify.orders.seed(count, (i) => ({
      lineItems: Array.from({ length: 1 + Math.floor(next() * 3) }, lineItem),
      email: `customer${i + 1}@example.com`,
      customer: {
        firstName: 'Demo',
        lastName: `Customer ${i + 1}`,
        email: `customer${i + 1}@example.com`,
      },
      shippingAddress: {
        name: `Demo Customer ${i + 1}`,
        address1: '1 Example Street',
        city: 'Berlin',
        zip: '10115',
        countryCode: 'DE',
        country: 'Germany',
      },
      shipping: '4.90',
    }));
  placeOrders(options.orders);

  const env = {
    SHOPIFY_SHOP: shopify.shop,
    SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
    SHOPIFY_API_BASE_URL: shopify.url,
    APIX_BASE_URL: apix.url,
    APIX_TOKEN: apix.token,
  };
  const timers = new Set<NodeJS.Timeout>();
  return {
    shopify,
    apix,
    env,
    banner: `${shopifyBanner}\napi x simulator: ${apix.url}/v1 (${options.products} products in ${options.categories} categories, seed ${options.seed})`,
    placeOrders,
    streamOrders(everyMs, perTick = 1) {
      const timer = setInterval(() => placeOrders(perTick), everyMs);
      timers.add(timer);
      return () => {
        clearInterval(timer);
        timers.delete(timer);
      };
    },
    async close() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([shopify.close(), apix.close()]);
    },
  };
}

/** `export` lines for a POSIX shell (values are simulator defaults: no real secret is printed). */
export function shellExports(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}='${v.replaceAll("'", `'\\''`)}'`)
    .join('\n');
}

export type ParsedSimulatorsArgs =
  | {
      readonly kind: 'run';
      readonly options: SimulatorsOptions;
      readonly orderEverySeconds: number;
    }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const USAGE = `Usage: npm run simulators -- [options]

Starts the Shopify and API X simulators on 127.0.0.1 and prints the variables that point the CLI at them.

  --shopify-port N      default 4321 (env SHOPIFY_SIM_PORT)
  --apix-port N         default 4322 (env APIX_SIM_PORT)
  --products N          catalogue size, default 3000
  --categories N        default 40
  --orders N            orders in the shop at start, default 25
  --order-every S       place one more order every S seconds, default 10 (0: none)
  --seed N              default 1: the same seed gives the same catalogue and orders
  --host ADDRESS        listen address, default 127.0.0.1 (0.0.0.0 in a container)
  --shopify-public-url URL  where clients reach the Shopify simulator, for its upload and
                        bulk result URLs (default its loopback URL)
  -h, --help`;

/** Flags win over the environment, which wins over the defaults. Pure: tested by a table. */
export function parseSimulatorsArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedSimulatorsArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'shopify-port': { type: 'string' },
        'apix-port': { type: 'string' },
        products: { type: 'string' },
        categories: { type: 'string' },
        orders: { type: 'string' },
        'order-every': { type: 'string' },
        host: { type: 'string' },
        'shopify-public-url': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values['help'] === true) return { kind: 'help' };
  const problems: string[] = [];
  const int = (
    flag: string,
    envName: string | null,
    fallback: number,
    min: number,
    max: number,
  ): number => {
    const raw = values[flag] ?? (envName ? env[envName] : undefined);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(
        `--${flag}${envName ? ` / ${envName}` : ''} must be a whole number from ${min} to ${max} (got '${String(raw)}')`,
      );
      return fallback;
    }
    return n;
  };
  const d = SIMULATORS_DEFAULTS;
  const options: SimulatorsOptions = {
    ...d,
    shopifyPort: int('shopify-port', 'SHOPIFY_SIM_PORT', d.shopifyPort, 0, 65535),
    apixPort: int('apix-port', 'APIX_SIM_PORT', d.apixPort, 0, 65535),
    products: int('products', null, d.products, 0, 1_000_000),
    categories: int('categories', null, d.categories, 1, 10_000),
    orders: int('orders', null, d.orders, 0, 100_000),
    seed: int('seed', null, d.seed, 0, 2 ** 31),
    ...(typeof values['host'] === 'string' ? { host: values['host'] } : {}),
    ...(typeof values['shopify-public-url'] === 'string'
      ? { shopifyPublicUrl: values['shopify-public-url'] }
      : {}),
  };
  const orderEverySeconds = int('order-every', null, 10, 0, 86_400);
  if (problems.length > 0) return { kind: 'error', message: problems.join('\n') };
  return { kind: 'run', options, orderEverySeconds };
}

async function main(): Promise<void> {
  const parsed = parseSimulatorsArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`simulators: ${parsed.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const sims = await startSimulators(parsed.options);
  const stop =
    parsed.orderEverySeconds > 0 ? sims.streamOrders(parsed.orderEverySeconds * 1000) : () => {};
  process.stdout.write(
    `${sims.banner}\n` +
      `orders: ${parsed.options.orders} placed${parsed.orderEverySeconds > 0 ? `, one more every ${parsed.orderEverySeconds}s` : ''}\n\n` +
      `Point the CLI at them (another terminal):\n\n${shellExports(sims.env)}\n` +
      `node --import tsx src/cli/main.ts migrate up && node --import tsx src/cli/main.ts sync-to-shopify && node --import tsx src/cli/main.ts sync-orders\n\n` +
      'Ctrl-C stops the simulators (their state lives in memory only).\n',
  );
  const shutdown = () => {
    stop();
    void sims.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    const e = error as NodeJS.ErrnoException;
    process.stderr.write(
      e.code === 'EADDRINUSE'
        ? `simulators: ${e.message}: another process uses that port; pick others with --shopify-port/--apix-port\n`
        : `simulators: ${e.stack ?? e.message}\n`,
    );
    process.exit(1);
  });
}
