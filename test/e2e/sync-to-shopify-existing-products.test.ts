import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Issue #15, item 10, through the real CLI over HTTP: a shop that already has products with API
// X's SKUs (made by hand or by another tool) is never silently duplicated. By default such a
// product is refused and named; with SHOPIFY_EXISTING_PRODUCTS=adopt it is taken over (variant
// GIDs kept). A partial overlap is refused in both modes. Today's code creates duplicates.
let same: ApixProductRecord;
let partial: ApixProductRecord;
let handMade: { same: string; partial: string };

const CUSTOM_ID = 'integration_service.external_id';
const holdingSku = (sku: string) =>
  e2e.shopify.state.products().filter((p) => p.variants.some((v) => v.sku === sku));

/** The product as a merchant would have made it in the admin: same SKUs, options, no ids of ours. */
const madeByHand = (p: ApixProductRecord, count: number) => {
  const variants = p.variants.slice(0, count);
  return {
    title: `Made by hand: ${p.title}`,
    status: 'ACTIVE' as const,
    productOptions: p.options.map((o, i) => ({
      name: o.name,
      values: [...new Set(variants.map((v) => v.optionValues[i] ?? ''))].map((name) => ({ name })),
    })),
    variants: variants.map((v) => ({
      optionValues: v.optionValues.map((name, i) => ({
        optionName: p.options[i]?.name ?? '',
        name,
      })),
      sku: v.sku,
      price: '5.00',
    })),
  };
};

const e2e = useE2eEnvironment(test, {
  apix: { products: 8, categories: 2, variantsPerProduct: [2, 3] },
});
test.before(async () => {
  const products = [...e2e.apix.catalog.products()];
  same = products[1] as ApixProductRecord;
  partial = products[2] as ApixProductRecord;
  const [a, b] = e2e.shopify.state.seedProducts(2, (i) =>
    i === 0 ? madeByHand(same, same.variants.length) : madeByHand(partial, 1),
  );
  handMade = { same: a ?? '', partial: b ?? '' };
});

const errorsOf = async (runId: unknown) =>
  (
    await e2e.db.pool.query<{ external_id: string; field: string; reason: string }>(
      `SELECT external_id, field, reason FROM record_errors WHERE run_id = $1 ORDER BY external_id`,
      [runId],
    )
  ).rows;

test('by default a product whose SKUs Shopify already holds is refused and named, never duplicated', async () => {
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'], { product: 2 }, 'no orphan-price errors beside them');
  const counts = r.summary?.['counts'] as Record<string, Record<string, number>>;
  assert.is(counts['product']?.['created'], 6);
  const errors = await errorsOf(r.summary?.['runId']);
  assert.equal(
    errors.map((e) => [e.external_id, e.field]),
    [
      [same.id, `variants[${same.variants[0]?.id}].sku`],
      [partial.id, `variants[${partial.variants[0]?.id}].sku`],
    ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
  );
  const refused = errors.find((e) => e.external_id === same.id)?.reason ?? '';
  assert.ok(refused.includes(same.variants[0]?.sku ?? '?'), refused);
  assert.ok(refused.includes(handMade.same), refused);
  assert.match(refused, /SHOPIFY_EXISTING_PRODUCTS=adopt/);
  assert.match(errors.find((e) => e.external_id === partial.id)?.reason ?? '', /differ/);
  for (const p of [same, partial])
    for (const v of p.variants.slice(0, p === partial ? 1 : undefined))
      assert.is(holdingSku(v.sku).length, 1, `one product holds ${v.sku}`);
  assert.is(e2e.shopify.state.product(handMade.same)?.metafields[CUSTOM_ID], undefined);

  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'the second run sends nothing');
  assert.equal(again.summary?.['recordErrors'], { product: 2 }, 'still named');
});

test('a dry run reports what it would adopt; with SHOPIFY_EXISTING_PRODUCTS=adopt the product is taken over, GIDs kept', async () => {
  const adopt = { SHOPIFY_EXISTING_PRODUCTS: 'adopt' };
  e2e.shopify.resetCounters();
  const dry = await e2e.cli(['sync-to-shopify', '--dry-run'], adopt);
  assert.is(dry.code, 0, dry.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'a dry run makes no mutation');
  const plan = dry.summary?.['plan'] as { existing: { adopt: number; refuse: number } };
  assert.equal(plan.existing, { adopt: 1, refuse: 1 });

  const before = e2e.shopify.state.product(handMade.same);
  const r = await e2e.cli(['sync-to-shopify'], adopt);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  const counts = r.summary?.['counts'] as Record<string, Record<string, number>>;
  assert.is(counts['product']?.['adopted'], 1);
  assert.equal(r.summary?.['recordErrors'], { product: 1 }, 'the partial overlap stays refused');
  const after = e2e.shopify.state.product(handMade.same);
  assert.ok(after && before);
  assert.is(after?.metafields[CUSTOM_ID], same.id);
  assert.is(after?.title, same.title, 'updated from API X as usual');
  assert.equal(
    after?.variants.map((v) => [v.id, v.sku, v.metafields[CUSTOM_ID]]),
    before?.variants.map((v, i) => [v.id, v.sku, same.variants[i]?.id]),
    'same variant GIDs, now carrying our ids',
  );
  for (const v of same.variants) assert.is(holdingSku(v.sku).length, 1, `no duplicate of ${v.sku}`);
  const { rows } = await e2e.db.pool.query<{ shopify_id: string }>(
    `SELECT shopify_id FROM mappings WHERE entity = 'product' AND external_id = $1`,
    [same.id],
  );
  assert.is(rows[0]?.shopify_id, handMade.same);

  e2e.shopify.resetCounters();
  const quiet = await e2e.cli(['sync-to-shopify'], adopt);
  assert.is(quiet.code, 0, quiet.stderr);
  assert.equal(mutationsSent(e2e.shopify), {}, 'the next run sends nothing');
});

test.run();
