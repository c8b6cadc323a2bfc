import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// A variant a merchant deletes by hand in Shopify: its GID, still mapped here, is stale. Shopify
// answers productSet and productVariantsBulkUpdate naming it with PRODUCT_VARIANT_DOES_NOT_EXIST
// (ProductSetUserErrorCode, 2026-10 schema). Before this fix the product failed every run; now
// the stale mapping is dropped and the variant created anew (new GID), once.
const e2e = useE2eEnvironment(test, {
  apix: { products: 6, categories: 2, variantsPerProduct: [2, 3] },
});
test.before(async () => {
  const first = await e2e.cli(['sync-to-shopify']);
  assert.is(first.code, 0, first.stderr);
});

const CUSTOM_ID = 'integration_service.external_id';
const inShopify = (p: ApixProductRecord) =>
  e2e.shopify.state.products().find((x) => x.metafields[CUSTOM_ID] === p.id);
const variantGids = (p: ApixProductRecord) =>
  new Map(inShopify(p)?.variants.map((v) => [v.metafields[CUSTOM_ID] ?? '', v.id]));
const mappedGid = async (variantExternalId: string) =>
  (
    await e2e.db.pool.query<{ shopify_id: string }>(
      `SELECT shopify_id FROM mappings WHERE entity = 'variant' AND external_id = $1`,
      [variantExternalId],
    )
  ).rows[0]?.shopify_id;

/** Deletes the product's second variant as a merchant would; returns its external id and GID. */
const deleteSecondVariant = (p: ApixProductRecord) => {
  const victim = p.variants[1];
  const gid = victim && variantGids(p).get(victim.id);
  assert.ok(victim && gid);
  assert.ok(e2e.shopify.state.deleteVariant(gid ?? ''));
  assert.is(inShopify(p)?.variants.length, p.variants.length - 1);
  return { id: victim?.id ?? '', gid: gid ?? '' };
};

test('a product changed upstream whose variant was deleted by hand is written in the same run, the variant re-created', async () => {
  const p = [...e2e.apix.catalog.products()][1] as ApixProductRecord;
  const before = variantGids(p);
  const victim = deleteSecondVariant(p);
  e2e.apix.catalog.setProduct({ ...p, title: `${p.title} (renamed)` });

  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'], {});
  const after = variantGids(p);
  assert.is(inShopify(p)?.title, `${p.title} (renamed)`);
  assert.equal([...after.keys()].sort(), p.variants.map((v) => v.id).sort(), 'every variant');
  assert.ok(after.get(victim.id) && after.get(victim.id) !== victim.gid, 'a new GID');
  for (const v of p.variants)
    if (v.id !== victim.id) assert.is(after.get(v.id), before.get(v.id), `${v.id} kept its GID`);
  assert.is(await mappedGid(victim.id), after.get(victim.id), 'mapping healed');
  assert.match(r.stdout + r.stderr, /deleted in Shopify by hand/);

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-to-shopify']);
  assert.is(quiet.code, 0, quiet.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'the next run sends nothing');
});

test('a price change for a variant deleted by hand is named once, then the next run re-creates the variant', async () => {
  const p = [...e2e.apix.catalog.products()][2] as ApixProductRecord;
  const victim = deleteSecondVariant(p);
  const price = e2e.apix.catalog.price(victim.id);
  e2e.apix.catalog.setPrice(victim.id, { ...price, amount: '123.45' });

  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  const { rows } = await e2e.db.pool.query<{ reason: string }>(
    `SELECT reason FROM record_errors WHERE run_id = $1 AND external_id = $2`,
    [r.summary?.['runId'], victim.id],
  );
  assert.match(rows[0]?.reason ?? '', /deleted in Shopify; the next run creates it again/);

  const healed = await e2e.cli(['sync-to-shopify']);
  assert.is(healed.code, 0, healed.stderr);
  assert.equal(healed.summary?.['recordErrors'], {});
  const gid = variantGids(p).get(victim.id);
  assert.ok(gid && gid !== victim.gid, 're-created with a new GID');
  const v = inShopify(p)?.variants.find((x) => x.id === gid);
  assert.is(v?.price, '123.45', 'at its API X price');

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-to-shopify']);
  assert.is(quiet.code, 0, quiet.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'then nothing is sent');
});

test('a variant deleted by hand under an unchanged product is found by the complete check and re-created in the same run', async () => {
  const p = [...e2e.apix.catalog.products()][3] as ApixProductRecord;
  const before = variantGids(p);
  const victim = deleteSecondVariant(p);

  const r = await e2e.cli(['sync-to-shopify'], { SYNC_FULL_DELETION_CHECK_HOURS: '0' });
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'], {});
  const after = variantGids(p);
  assert.equal([...after.keys()].sort(), p.variants.map((v) => v.id).sort(), 'every variant');
  assert.ok(after.get(victim.id) && after.get(victim.id) !== victim.gid, 'a new GID');
  for (const v of p.variants)
    if (v.id !== victim.id) assert.is(after.get(v.id), before.get(v.id), `${v.id} kept its GID`);
  assert.is(await mappedGid(victim.id), after.get(victim.id), 'mapping healed');

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-to-shopify']);
  assert.is(quiet.code, 0, quiet.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'the next run sends nothing');
});

test.run();
