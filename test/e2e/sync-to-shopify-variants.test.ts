import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import { adminMutation } from '../support/admin-mutation.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Variant identity (issue #15, items 2 and 3) through the real CLI over HTTP: the simulator
// treats a variant sent without its id as a new one and replaces a variant's metafield list.
const e2e = useE2eEnvironment(test, {
  apix: { products: 12, categories: 2, variantsPerProduct: [3, 3] },
});
test.before(async () => {
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
});

const CUSTOM_ID = 'integration_service.external_id';
const shopifyProduct = (id: string) => {
  const found = e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);
  assert.is(found.length, 1, `exactly one Shopify product for ${id}`);
  return found[0]!;
};
const variantGid = (productId: string, variantId: string) =>
  shopifyProduct(productId).variants.find((v) => v.metafields[CUSTOM_ID] === variantId)?.id;

/** A product whose first option has three values, one per variant. */
function threeSizes(): ApixProductRecord {
  const p = [...e2e.apix.catalog.products()].find(
    (x) => x.options.length === 1 && x.variants.length === 3 && x.active,
  );
  if (!p) throw new Error('the catalogue has no one-option product with three variants');
  return p;
}

test('removing one size, adding one and renaming one keeps the GIDs of the variants that stay, and the next run is quiet', async () => {
  const p = threeSizes();
  const [keep, rename, drop] = p.variants;
  const option = p.options[0]!;
  const before = { keep: variantGid(p.id, keep!.id), rename: variantGid(p.id, rename!.id) };
  const added = { ...drop!, id: `${p.id}-new`, sku: `${drop!.sku}-new`, optionValues: ['Huge'] };
  e2e.apix.catalog.setProduct({
    ...p,
    options: [{ name: option.name, values: [keep!.optionValues[0]!, 'Renamed', 'Huge'] }],
    variants: [keep!, { ...rename!, optionValues: ['Renamed'] }, added],
  });
  e2e.apix.catalog.setPrice(added.id, { amount: '15.00' });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'] ?? {}, {});
  assert.is(variantGid(p.id, keep!.id), before.keep, 'untouched variant keeps its GID');
  assert.is(variantGid(p.id, rename!.id), before.rename, 'renamed variant keeps its GID');
  const sp = shopifyProduct(p.id);
  assert.is(sp.variants.length, 3);
  assert.is(
    sp.variants.find((v) => v.metafields[CUSTOM_ID] === rename!.id)?.optionValues[0],
    'Renamed',
  );
  assert.is(sp.variants.find((v) => v.metafields[CUSTOM_ID] === added.id)?.price, '15.00');
  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.equal(mutationsSent(e2e.shopify), {});
});

test('a variant moving to another product (with its option renamed) lands there in the same run, whatever the write order', async () => {
  const products = [...e2e.apix.catalog.products()].filter(
    (x) => x.options.length === 1 && x.variants.length >= 2 && x.active,
  );
  // The receiver sorts first, so it is written before the product that gives the variant away.
  const [receiver, giver] = [products[0]!, products[products.length - 1]!];
  assert.ok(receiver.id < giver.id);
  const moving = giver.variants[giver.variants.length - 1]!;
  const option = receiver.options[0]!;
  e2e.apix.catalog.setProduct({
    ...giver,
    variants: giver.variants.slice(0, -1),
    options: [
      { ...giver.options[0]!, values: giver.variants.slice(0, -1).map((v) => v.optionValues[0]!) },
    ],
  });
  e2e.apix.catalog.setProduct({
    ...receiver,
    options: [{ name: option.name, values: [...option.values, 'Moved in'] }],
    variants: [...receiver.variants, { ...moving, optionValues: ['Moved in'] }],
  });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'] ?? {}, {});
  const got = shopifyProduct(receiver.id).variants.find(
    (v) => v.metafields[CUSTOM_ID] === moving.id,
  );
  assert.ok(got, 'the moved variant is in the receiving product');
  assert.is(got?.optionValues[0], 'Moved in');
  assert.is(
    shopifyProduct(giver.id).variants.some((v) => v.metafields[CUSTOM_ID] === moving.id),
    false,
  );
  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.equal(mutationsSent(e2e.shopify), {});
});

test("a merchant's variant metafield survives every update of the product", async () => {
  const p = threeSizes();
  const v = p.variants[0]!;
  const gid = variantGid(p.id, v.id);
  await adminMutation(
    e2e.shopify,
    'mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }',
    {
      m: [
        {
          ownerId: gid,
          namespace: 'custom',
          key: 'care',
          type: 'single_line_text_field',
          value: 'wash cold',
        },
      ],
    },
  );
  e2e.apix.catalog.setProduct({
    ...p,
    title: `${p.title} (retitled)`,
    variants: p.variants.map((x) => ({ ...x, sku: `${x.sku}-b` })),
  });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  const after = shopifyProduct(p.id).variants.find((x) => x.id === gid);
  assert.is(after?.sku, `${v.sku}-b`, 'the update reached the variant');
  assert.equal(after?.metafields, { [CUSTOM_ID]: v.id, 'custom.care': 'wash cold' });
});

test.run();
