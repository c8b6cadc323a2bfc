import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/domain/errors.js';

/**
 * The smallest environment loadConfig accepts for the jobs, for the config tests to vary. Its
 * database password and token are asserted to be collected as secrets (config.test.ts).
 */
export const VALID_ENV = Object.freeze({
  DATABASE_URL: 'postgres://app:s3cret-pass@db:5432/integration',
  SHOPIFY_SHOP: 'my-store.myshopify.com',
  SHOPIFY_ACCESS_TOKEN: 'shpat_0123456789abcdef0123456789abcdef',
  APIX_BASE_URL: 'https://erp.example.com/api',
  APIX_TOKEN: 'apix-token-value-123',
});

/** What loadConfig refuses in `env` (empty: it loads); any other error is thrown. */
export function configProblems(
  env: Record<string, string>,
  scope: 'jobs' | 'database' = 'jobs',
): string[] {
  try {
    loadConfig(env, scope);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}
