/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   the test walks Shopify's JSON answers as untyped trees; the assertions are the type check. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startShopifySimulator } from '../../../simulators/shopify/index.js';
import { createTestClient } from './test-client.js';
import { useShopifySimulator } from '../../support/use-simulators.js';

const PRODUCT_SET = `mutation($input: ProductSetInput!) {
  productSet(input: $input) { product { id } userErrors { field message code } }
}`;
const product = (title: string, sizes: string[]) => ({
  title,
  productOptions: [{ name: 'Size', values: sizes.map((name) => ({ name })) }],
  variants: sizes.map((name) => ({ optionValues: [{ optionName: 'Size', name }], price: '1.00' })),
});

let day = 0;
const sim = useShopifySimulator(test, {
  now: () => Date.parse('2026-11-30T10:00:00Z') + day * 86_400_000,
  variantLimit: { storeVariants: 2, perDay: 3 },
});

test('past the store size, new variants beyond the daily allowance get VARIANT_THROTTLE_EXCEEDED: HTTP 200, no data', async () => {
  const gql = createTestClient(sim);
  // Below the store size nothing is refused; every new variant of the day counts (3 a day).
  for (const [title, sizes] of [
    ['a', ['S', 'M']],
    ['b', ['L']],
  ] as const) {
    const ok = await gql(PRODUCT_SET, { input: product(title, [...sizes]) });
    assert.equal(ok.body.data.productSet.userErrors, []);
  }
  const refused = await gql(PRODUCT_SET, { input: product('c', ['S']) });
  assert.is(refused.status, 200);
  assert.is(refused.body.data, undefined, 'no data');
  assert.is(refused.body.errors[0].extensions.code, 'VARIANT_THROTTLE_EXCEEDED');
  assert.is(sim.state.productCount(), 2, 'nothing was created');
  day = 1;
  const nextDay = await gql(PRODUCT_SET, { input: product('c', ['S']) });
  assert.equal(nextDay.body.data.productSet.userErrors, []);
});

test('a Plus store is not limited', async () => {
  const plus = await startShopifySimulator({
    plan: { publicDisplayName: 'Shopify Plus', shopifyPlus: true },
    variantLimit: { storeVariants: 0, perDay: 0 },
  });
  try {
    const r = await createTestClient(plus)(PRODUCT_SET, { input: product('p', ['S']) });
    assert.equal(r.body.data.productSet.userErrors, []);
  } finally {
    await plus.close();
  }
});

test.run();
