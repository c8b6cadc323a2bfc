import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from 'graphql';

/** API versions the simulator serves, oldest first (Shopify supports each for at least 12 months). */
export const SUPPORTED_VERSIONS = ['2025-10', '2026-01', '2026-04', '2026-07', '2026-10'] as const;
export const LATEST_VERSION = '2026-10';

const SCHEMA_FILE = fileURLToPath(new URL('./admin-schema/admin_2026-10.json.gz', import.meta.url));

let cached: GraphQLSchema | null = null;

/** The vendored Admin API 2026-10 schema, built once per process (about 0.4 s). */
export function loadAdminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_FILE)).toString('utf8')) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(json.data);
  }
  return cached;
}

/** Shopify serves an unknown or retired version as the oldest supported one, silently. */
export function servedVersion(requested: string): string {
  if (requested === 'unstable') return requested;
  return (SUPPORTED_VERSIONS as readonly string[]).includes(requested)
    ? requested
    : SUPPORTED_VERSIONS[0];
}
