import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  assertNamedFailure,
  assertRunWouldWork,
  ENV_FAILURE_MODES,
  runDoctor,
} from '../support/doctor-report.js';
import { liveTestWhen } from '../support/live-target.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * Opt-in: the doctor scenarios against a REAL development store and a REAL API X, with the same
 * assertions as test/e2e/doctor.test.ts makes against the simulators. Runs only when every
 * LIVE_* variable below is set (`make test-live`); otherwise each test is skipped, saying so.
 * doctor creates nothing, so there is nothing to clean up; the test database is dropped.
 */
const LIVE = {
  SHOPIFY_SHOP: process.env['LIVE_SHOPIFY_SHOP'],
  SHOPIFY_ACCESS_TOKEN: process.env['LIVE_SHOPIFY_ACCESS_TOKEN'],
  APIX_BASE_URL: process.env['LIVE_APIX_BASE_URL'],
  APIX_TOKEN: process.env['LIVE_APIX_TOKEN'],
};
const missing = Object.entries(LIVE)
  .filter(([, v]) => !v)
  .map(([k]) => `LIVE_${k}`);
const live = missing.length === 0;
const optional = {
  ...(process.env['LIVE_SHOPIFY_API_VERSION']
    ? { SHOPIFY_API_VERSION: process.env['LIVE_SHOPIFY_API_VERSION'] }
    : {}),
  ...(process.env['LIVE_PUSHGATEWAY_URL']
    ? { PUSHGATEWAY_URL: process.env['LIVE_PUSHGATEWAY_URL'] }
    : {}),
};

/** Skipped (and counted as skipped by the runner) without credentials. */
const liveTest = liveTestWhen(live);

let db: TestDatabase | null = null;
let env: Record<string, string> = {};

test.before(async () => {
  if (!live) {
    console.log(
      `live verification SKIPPED: set ${missing.join(', ')} to run doctor against a real store and API X (see README, "Live verification")`,
    );
    return;
  }
  db = await createTestDatabase();
  env = { ...(LIVE as Record<string, string>), ...optional, DATABASE_URL: db.url };
});
test.after(async () => {
  await db?.drop();
});

/** What a real store lets us count, read-only: a doctor run must leave these unchanged. */
async function storeCounts(): Promise<unknown> {
  const shop = LIVE.SHOPIFY_SHOP ?? '';
  const version = optional.SHOPIFY_API_VERSION ?? '2026-10';
  const r = await fetch(`https://${shop}/admin/api/${version}/graphql.json`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-shopify-access-token': LIVE.SHOPIFY_ACCESS_TOKEN ?? '',
    },
    body: JSON.stringify({
      query: `{ productsCount(limit: null) { count } productVariantsCount(limit: null) { count }
        collectionsCount(limit: null) { count }
        p: metafieldDefinitions(first: 250, ownerType: PRODUCT) { nodes { id } }
        v: metafieldDefinitions(first: 250, ownerType: PRODUCTVARIANT) { nodes { id } }
        c: metafieldDefinitions(first: 250, ownerType: COLLECTION) { nodes { id } } }`,
    }),
  });
  assert.is(r.status, 200);
  return ((await r.json()) as { data: unknown }).data;
}

liveTest('live: a good setup, nothing fails, exit 0, and the store is unchanged', async () => {
  const before = await storeCounts();
  const { code, report, stderr } = await runDoctor(env);
  assertRunWouldWork(code, report, stderr);
  assert.equal(await storeCounts(), before, 'zero writes visible in the store');
});

for (const mode of ENV_FAILURE_MODES)
  liveTest(`live: ${mode.title} is named as a failed check, exit 1`, async () => {
    const { code, report } = await runDoctor({ ...env, ...mode.env });
    assertNamedFailure(code, report, mode);
  });

test.run();
