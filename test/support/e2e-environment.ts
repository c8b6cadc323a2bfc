import {
  startApixSimulator,
  type ApixSimulator,
  type ApixSimulatorOptions,
} from '../../simulators/apix/start-apix-simulator.js';
import {
  startShopifySimulator,
  type ShopifySimulator,
  type ShopifySimulatorOptions,
} from '../../simulators/shopify/index.js';
import { runCli, summaryOf, type CliResult } from '../../scripts/support/run-cli.js';
import type { Test } from 'uvu';
import { usePerFile } from './per-file.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const E2E_SHOP = 'e2e-shop.myshopify.com';

/** Both simulators on loopback and a migrated database: what the CLI needs for a real run. */
export interface E2eEnvironment {
  readonly shopify: ShopifySimulator;
  readonly apix: ApixSimulator;
  readonly db: TestDatabase;
  readonly env: Record<string, string>;
  cli(
    args: readonly string[],
    extraEnv?: Record<string, string>,
  ): Promise<CliResult & { summary: Record<string, unknown> | null }>;
  close(): Promise<void>;
}

export interface E2eOptions {
  readonly apix?: ApixSimulatorOptions;
  readonly shopify?: ShopifySimulatorOptions;
}

export async function startE2eEnvironment(options: E2eOptions = {}): Promise<E2eEnvironment> {
  const shopify = await startShopifySimulator({
    shop: E2E_SHOP,
    bulkRowsPerSecond: 5000,
    bucketSize: 20_000,
    restoreRate: 1000,
    ...options.shopify,
  });
  // What started is closed when a later step fails: an open simulator would keep the test
  // file's process alive until the runner kills it, its real error unseen until then.
  let apix: Awaited<ReturnType<typeof startApixSimulator>> | undefined;
  let db: TestDatabase;
  try {
    apix = await startApixSimulator({
      products: 30,
      categories: 6,
      variantsPerProduct: [1, 3],
      ...options.apix,
    });
    db = await createTestDatabase();
  } catch (error) {
    await Promise.allSettled([shopify.close(), apix?.close()]);
    throw error;
  }
  const env = {
    DATABASE_URL: db.url,
    SHOPIFY_SHOP: E2E_SHOP,
    SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
    SHOPIFY_API_BASE_URL: shopify.url,
    // The e2e files read custom ids as integration_service.external_id (the default until it
    // became app-owned): pinned, as an install from then is told to. The default itself runs in
    // catalog-scenario and sync-to-shopify-custom-id-namespace.
    SHOPIFY_CUSTOM_ID_NAMESPACE: 'integration_service',
    APIX_BASE_URL: apix.url,
    APIX_TOKEN: apix.token,
    LOG_LEVEL: 'info',
  };
  return {
    shopify,
    apix,
    db,
    env,
    async cli(args, extraEnv = {}) {
      const result = await runCli(args, { ...env, ...extraEnv });
      return { ...result, summary: summaryOf(result.stdout) };
    },
    async close() {
      await Promise.allSettled([shopify.close(), apix.close()]);
      await db.drop();
    },
  };
}

/**
 * One e2e environment for the whole test file: started in `before`, closed in `after`
 * (usePerFile). Set-up that runs against it (a first sync, seeding) goes in the file's own
 * `before`, registered after this call so uvu runs it once the environment is up.
 */
export function useE2eEnvironment<C>(test: Test<C>, options: E2eOptions = {}): E2eEnvironment {
  return usePerFile(
    test,
    () => startE2eEnvironment(options),
    (e2e) => e2e.close(),
  );
}
