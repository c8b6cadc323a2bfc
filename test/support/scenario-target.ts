import {
  startApixSimulator,
  type ApixSimulator,
} from '../../simulators/apix/start-apix-simulator.js';
import { startShopifySimulator } from '../../simulators/shopify/index.js';
import { createAdminGraphql, type AdminGraphql } from './admin-graphql.js';
import { runCli, summaryOf, type CliResult } from '../../scripts/support/run-cli.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * What a shared scenario runs against: a Shopify (the simulator, or a real development store),
 * API X's simulator (seeded by the scenario; see README "Live verification" for why API X is
 * always the local one there), a migrated database of its own and the real CLI pointed at all
 * three. Scenarios read Shopify back only through `admin` (real Admin GraphQL), so their
 * assertions hold the same on both.
 */
export interface ScenarioTarget {
  readonly kind: 'simulator' | 'live';
  readonly admin: AdminGraphql;
  readonly apix: ApixSimulator;
  readonly db: TestDatabase;
  cli(
    args: readonly string[],
    extraEnv?: Record<string, string>,
  ): Promise<CliResult & { summary: Record<string, unknown> | null }>;
  close(): Promise<void>;
}

/** The local API X simulator with an empty catalogue (scenarios seed their own) and a database. */
export async function startLocalParts(): Promise<{ apix: ApixSimulator; db: TestDatabase }> {
  const apix = await startApixSimulator({ products: 0, categories: 0 });
  const db = await createTestDatabase();
  return { apix, db };
}

export function cliAgainst(env: Record<string, string>): ScenarioTarget['cli'] {
  return async (args, extraEnv = {}) => {
    const result = await runCli(args, { ...env, ...extraEnv });
    return { ...result, summary: summaryOf(result.stdout) };
  };
}

/** The simulator target: the normal suite runs every shared scenario here. */
export async function startSimulatorTarget(): Promise<ScenarioTarget> {
  // A development store, as the live target insists on.
  const shopify = await startShopifySimulator({
    shop: 'scenario-shop',
    plan: { publicDisplayName: 'Development', shopifyPlus: false },
    bulkRowsPerSecond: 5000,
    bucketSize: 20_000,
    restoreRate: 1000,
  });
  const { apix, db } = await startLocalParts();
  const admin = createAdminGraphql({
    graphqlUrl: shopify.graphqlUrl(),
    accessToken: shopify.accessToken,
  });
  return {
    kind: 'simulator',
    admin,
    apix,
    db,
    cli: cliAgainst({
      DATABASE_URL: db.url,
      SHOPIFY_SHOP: `${shopify.shop}.myshopify.com`,
      SHOPIFY_ACCESS_TOKEN: shopify.accessToken,
      SHOPIFY_API_BASE_URL: shopify.url,
      APIX_BASE_URL: apix.url,
      APIX_TOKEN: apix.token,
      LOG_LEVEL: 'info',
    }),
    async close() {
      await Promise.allSettled([shopify.close(), apix.close()]);
      await db.drop();
    },
  };
}
