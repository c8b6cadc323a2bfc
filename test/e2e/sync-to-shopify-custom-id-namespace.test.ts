import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCheck, runDoctor } from '../support/doctor-report.js';
import { useE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Issue #15, item 10, through the real CLI over HTTP: the default custom-id namespace is
// app-owned (definitions MERCHANT_READ), and a shop synced under the old default is not silently
// moved to the new one. The e2e environment pins SHOPIFY_CUSTOM_ID_NAMESPACE=integration_service;
// '' unsets it here, so these runs use the shipped default.
const DEFAULT = { SHOPIFY_CUSTOM_ID_NAMESPACE: '' };
const fresh = useE2eEnvironment(test, { apix: { products: 4, categories: 1 } });
const legacy = useE2eEnvironment(test, { apix: { products: 4, categories: 1 } });

async function recorded(e2e: E2eEnvironment): Promise<string | null> {
  const client = new pg.Client({ connectionString: e2e.db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(
      `SELECT value FROM sync_cursors WHERE stream = 'custom-id'`,
    );
    return rows[0]?.value ?? null;
  } finally {
    await client.end();
  }
}

test('a fresh shop gets app-owned definitions, read-only for the merchant, and records them', async () => {
  const r = await fresh.cli(['sync-to-shopify'], DEFAULT);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(
    fresh.shopify.state
      .definitions()
      .map((d) => [d.ownerType, d.namespace, d.key, d.adminAccess])
      .sort(),
    [
      ['COLLECTION', '$app:integration_service', 'external_id', 'MERCHANT_READ'],
      ['PRODUCT', '$app:integration_service', 'external_id', 'MERCHANT_READ'],
      ['PRODUCTVARIANT', '$app:integration_service', 'external_id', 'MERCHANT_READ'],
    ],
  );
  assert.is(
    await recorded(fresh),
    JSON.stringify({ namespace: '$app:integration_service', key: 'external_id' }),
  );
  // A second run finds every product again by its custom id: nothing new is created.
  fresh.shopify.resetCounters();
  const again = await fresh.cli(['sync-to-shopify'], DEFAULT);
  assert.is(again.code, 0, again.stderr);
  assert.equal(mutationsSent(fresh.shopify), {});
});

test('a shop synced before the record, run with the new default, stops before any write', async () => {
  // An install from before: synced under integration_service, nothing recorded.
  const first = await legacy.cli(['sync-to-shopify']);
  assert.is(first.code, 0, first.stderr);
  const client = new pg.Client({ connectionString: legacy.db.url });
  await client.connect();
  await client.query(`DELETE FROM sync_cursors WHERE stream = 'custom-id'`);
  await client.end();
  legacy.shopify.resetCounters();

  const stopped = await legacy.cli(['sync-to-shopify'], DEFAULT);
  assert.is(stopped.code, 1, stopped.stderr);
  const out = stopped.stdout + stopped.stderr;
  assert.match(out, /synced before the custom-id namespace was recorded/);
  assert.match(out, /integration_service\.external_id/);
  assert.match(out, /Set SHOPIFY_CUSTOM_ID_NAMESPACE=integration_service/);
  assert.equal(mutationsSent(legacy.shopify), {}, 'zero mutations');
  assert.is(await recorded(legacy), null, 'nothing recorded');

  const doctor = await runDoctor({ ...legacy.env, ...DEFAULT });
  const check = findCheck(doctor.report, 'postgres', 'custom-id');
  assert.is(check?.status, 'fail', JSON.stringify(check));
  assert.match(check?.found ?? '', /SHOPIFY_CUSTOM_ID_NAMESPACE=integration_service/);
  assert.is(doctor.code, 1);

  // Pinned to the old namespace, as the message says: it runs, and records it.
  const pinned = await legacy.cli(['sync-to-shopify']);
  assert.is(pinned.code, 0, pinned.stderr);
  assert.is(
    await recorded(legacy),
    JSON.stringify({ namespace: 'integration_service', key: 'external_id' }),
  );
  assert.ok(!('productSet' in mutationsSent(legacy.shopify)), 'no product written again');

  // From now on the record decides, whatever the namespace is set to.
  legacy.shopify.resetCounters();
  const moved = await legacy.cli(['sync-to-shopify'], { SHOPIFY_CUSTOM_ID_NAMESPACE: '$app' });
  assert.is(moved.code, 1, moved.stderr);
  assert.match(
    moved.stdout + moved.stderr,
    /written as integration_service\.external_id, but .* say \$app\.external_id/,
  );
  assert.equal(mutationsSent(legacy.shopify), {}, 'zero mutations');
});

test.run();
