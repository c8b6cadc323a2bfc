import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Issue #15, item 9, through the real CLI over HTTP: a dry run against a store the job has never
// touched (no custom-id definitions yet) sends no mutation of any kind.
const e2e = useE2eEnvironment(test, { apix: { products: 8, categories: 2 } });

test('--dry-run on a fresh store makes zero mutations and reports what it would create', async () => {
  const r = await e2e.cli(['sync-to-shopify', '--dry-run']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(mutationsSent(e2e.shopify), {}, 'no mutation');
  assert.is(e2e.shopify.state.definitions().length, 0);
  const plan = r.summary?.['plan'] as {
    customIdDefinitions: string[];
    categories: { create: number };
    products: { write: number };
  };
  assert.equal([...plan.customIdDefinitions].sort(), ['COLLECTION', 'PRODUCT', 'PRODUCTVARIANT']);
  assert.is(plan.categories.create, 2);
  assert.is(plan.products.write, 8);

  const real = await e2e.cli(['sync-to-shopify']);
  assert.is(real.code, 0, real.stderr);
  assert.is(e2e.shopify.state.definitions().length, 3);
});

test.run();
