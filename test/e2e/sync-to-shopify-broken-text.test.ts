import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { catalogProblems, describeProblems } from '../resilience/support/catalog-invariants.js';
import { assertEachNamed, lastRunErrors } from '../support/last-run-errors.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// A string cut in the middle of a surrogate pair (an upstream system truncating "🪑" to its first
// UTF-16 unit) is valid JSON ("\ud83e") but no valid text: PostgreSQL refuses it inside jsonb and
// turns it into U+FFFD inside text. Each such record is held back and named; the run goes on.
const e2e = useE2eEnvironment(test, {
  apix: { products: 12, categories: 3, variantsPerProduct: [2, 3] },
});

const CUSTOM_ID = 'integration_service.external_id';
const HIGH = '\ud83e';
const LOW = '\udc00';

const runErrors = () => lastRunErrors(e2e.db.pool);

test('a lone UTF-16 surrogate in a title, id, option or category name holds that record back, named; every other record syncs', async () => {
  const products = [...e2e.apix.catalog.products()];
  const [title, productId, variantId, option, priced] = products as [
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
  ];
  const category = [...e2e.apix.catalog.categories()][1]!;
  e2e.apix.catalog.corrupt('product', title.id, { title: `Chair ${HIGH}` });
  e2e.apix.catalog.corrupt('product', productId.id, { id: `${productId.id}${LOW}` });
  e2e.apix.catalog.corrupt('product', variantId.id, (p) => ({
    ...p,
    variants: variantId.variants.map((v, i) => (i === 1 ? { ...v, id: `${LOW}${HIGH}` } : v)),
  }));
  e2e.apix.catalog.corrupt('product', option.id, (p) => ({
    ...p,
    options: option.options.map((o, i) => (i === 0 ? { ...o, name: `${o.name}${HIGH}` } : o)),
  }));
  e2e.apix.catalog.corrupt('category', category.id, { name: `${LOW}${category.name}` });
  const firstVariant = priced.variants[0]!.id;
  e2e.apix.catalog.corrupt('price', firstVariant, { variantId: `${firstVariant}${HIGH}` });

  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));

  const errors = await runErrors();
  const expected = [
    { entity: 'product', id: title.id, field: 'title', at: 6 },
    // The id itself is unusable, so the record is named by its place in the feed.
    { entity: 'product', id: '(unknown #1)', field: 'id', at: productId.id.length },
    { entity: 'product', id: variantId.id, field: 'variants[1].id', at: 0 },
    {
      entity: 'product',
      id: option.id,
      field: 'options[0].name',
      at: option.options[0]!.name.length,
    },
    { entity: 'category', id: category.id, field: 'name', at: 0 },
  ];
  assertEachNamed(
    errors,
    expected.map((n) => ({ ...n, reason: `a lone UTF-16 surrogate at position ${n.at}` })),
  );
  assert.ok(
    errors.some(
      (e) =>
        e.entity === 'price' && e.field === 'variantId' && /lone UTF-16 surrogate/.test(e.reason),
    ),
    `the price named: ${JSON.stringify(errors)}`,
  );
  // The held-back payloads are kept for the operator, with the broken unit shown as U+FFFD.
  const { rows: payloads } = await e2e.db.pool.query<{ title: string }>(
    `SELECT payload->>'title' AS title FROM record_errors
      WHERE run_id = (SELECT max(id) FROM sync_runs) AND external_id = $1`,
    [title.id],
  );
  assert.equal(payloads, [{ title: 'Chair \ufffd' }]);

  // Nothing broken or replaced reached Shopify or our mappings.
  const held = [title, productId, variantId, option];
  for (const p of held)
    assert.is(
      e2e.shopify.state.products().filter((s) => s.metafields[CUSTOM_ID] === p.id).length,
      0,
      `${p.id} held back`,
    );
  const { rows: replaced } = await e2e.db.pool.query(
    `SELECT external_id FROM mappings WHERE strpos(external_id || data::text, chr(65533)) > 0`,
  );
  assert.equal(replaced, []);
  assert.equal(
    JSON.stringify(e2e.shopify.state.products()).includes('\ufffd'),
    false,
    'no U+FFFD in Shopify',
  );
  const problems = catalogProblems(e2e, {
    skippedProducts: new Set([...held, priced].map((p) => p.id)),
    skippedCategories: new Set([category.id]),
  });
  assert.equal(problems, [], describeProblems(problems));

  // Fixed upstream: everything syncs on the next run.
  e2e.apix.catalog.clearCorruptions();
  const fixed = await e2e.cli(['sync-to-shopify']);
  assert.is(fixed.code, 0, fixed.stderr + fixed.stdout.slice(-2000));
  assert.equal(await runErrors(), []);
  const all = catalogProblems(e2e);
  assert.equal(all, [], describeProblems(all));
});

test.run();
