import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApixProductRecord } from '../../simulators/apix/apix-records.js';
import {
  apixPricesOf,
  catalogProblems,
  describeProblems,
} from '../resilience/support/catalog-invariants.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { assertEachNamed, lastRunErrors } from '../support/last-run-errors.js';
import { mutationsSent } from '../support/mutations-sent.js';

// Issue #15, "must show": one run over a catalogue holding every kind of bad and awkward record
// a real ERP sends, through the real CLI over HTTP, against a simulator that trims option values
// and refuses texts over 255 characters as Shopify does. It ends with no product for sale without
// a valid price, no duplicate, no lost variant GID, every bad record named with its field, and a
// second run that sends nothing.
const e2e = useE2eEnvironment(test, {
  apix: { products: 30, categories: 4, variantsPerProduct: [2, 3] },
});
test.before(async () => {
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
});

const CUSTOM_ID = 'integration_service.external_id';
const later = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();
const shopProducts = (id: string) =>
  e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);
/** Variant custom id -> GID for every variant the shop holds under one of our products. */
const variantGids = () =>
  new Map(
    e2e.shopify.state
      .products()
      .flatMap((p) => p.variants.map((v) => [v.metafields[CUSTOM_ID] ?? '', v.id] as const)),
  );

const runErrors = () => lastRunErrors(e2e.db.pool);

test('a catalogue of bad and awkward records: nothing for sale unpriced, no duplicate, no lost GID, every bad record named, then a quiet run', async () => {
  const gidsBefore = variantGids();
  const pool = [...e2e.apix.catalog.products()].filter((p) => p.active);
  const oneOption = (p: ApixProductRecord) => p.options.length === 1 && p.variants.length >= 2;
  /** Takes a product no earlier step has taken, so each record carries one awkwardness. */
  const take = (fits: (p: ApixProductRecord) => boolean = () => true): ApixProductRecord => {
    const i = pool.findIndex(fits);
    assert.ok(i >= 0, 'the generated catalogue has a product for every case');
    return pool.splice(i, 1)[0]!;
  };
  const first = (p: ApixProductRecord) => p.variants[0]!.id;
  const last = [...e2e.apix.catalog.products()].at(-1)!;
  const long = (c: string) => c.repeat(256);

  /** Every record expected to be named this run, with the field at fault. */
  const named: { entity: string; id: string; field: string; reason?: string }[] = [];
  const priced = (p: ApixProductRecord) =>
    named.push({ entity: 'product', id: p.id, field: `variants[${first(p)}].price` });

  // Prices: missing, a number instead of a decimal string, too many decimals, another currency,
  // negative. Each product stays off sale and is named with its variant and field.
  const unpriced = [take(), take(), take(), take(), take()];
  const [missing, asNumber, decimals, currency, negative] = unpriced as [
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
    ApixProductRecord,
  ];
  e2e.apix.catalog.removePrice(first(missing));
  e2e.apix.catalog.corrupt('price', first(asNumber), { amount: 12.5 });
  e2e.apix.catalog.setPrice(first(decimals), { amount: '12.505' });
  e2e.apix.catalog.setPrice(first(currency), { amount: '10.00', currency: 'USD' });
  e2e.apix.catalog.setPrice(first(negative), { amount: '-1.00' });
  unpriced.forEach(priced);

  // A new product whose prices never came: created as a DRAFT, named.
  const template = take();
  const fresh: ApixProductRecord = {
    ...template,
    id: 'AWK-NEW',
    title: 'Brand new, no price yet',
    variants: template.variants.map((v, i) => ({ ...v, id: `AWK-NEW-${i}`, sku: `AWK-NEW-${i}` })),
  };
  e2e.apix.catalog.setProduct(fresh);
  for (const v of fresh.variants) e2e.apix.catalog.removePrice(v.id);
  priced(fresh);
  unpriced.push(fresh);
  // Its template keeps its own record untouched.
  pool.push(template);

  // The same product twice in the feed: the newer copy first, a stale copy on a later page.
  const repeated = take();
  e2e.apix.catalog.setProduct({
    ...repeated,
    title: 'Newer title',
    updatedAt: later(repeated.updatedAt, 5),
  });
  e2e.apix.catalog.reappear('product', last.id, { ...repeated, title: 'Stale title' });

  // A variant moving to another product, arriving under a renamed option.
  const receiver = take(oneOption);
  const giver = take(oneOption);
  const moving = giver.variants.at(-1)!;
  const staying = giver.variants.slice(0, -1);
  e2e.apix.catalog.setProduct({
    ...giver,
    options: [{ ...giver.options[0]!, values: staying.map((v) => v.optionValues[0]!) }],
    variants: staying,
  });
  e2e.apix.catalog.setProduct({
    ...receiver,
    options: [{ name: 'Renamed', values: [...receiver.options[0]!.values, 'Moved in'] }],
    variants: [...receiver.variants, { ...moving, optionValues: ['Moved in'] }],
  });

  // Option values with surrounding whitespace: sent trimmed, as Shopify would store them.
  const spaced = take(oneOption);
  const oldValue = spaced.variants[0]!.optionValues[0]!;
  e2e.apix.catalog.setProduct({
    ...spaced,
    options: [
      {
        name: ` ${spaced.options[0]!.name} `,
        values: spaced.options[0]!.values.map((v) => (v === oldValue ? ' Extra large ' : v)),
      },
    ],
    variants: spaced.variants.map((v, i) =>
      i === 0 ? { ...v, optionValues: ['Extra large  '] } : v,
    ),
  });

  // Two option values that differ only by whitespace: one value at Shopify, so held back here.
  const colliding = take(oneOption);
  const value = colliding.variants[0]!.optionValues[0]!;
  e2e.apix.catalog.setProduct({
    ...colliding,
    options: [{ ...colliding.options[0]!, values: [value, `${value} `] }],
    variants: [colliding.variants[0]!, { ...colliding.variants[1]!, optionValues: [`${value} `] }],
  });
  named.push({ entity: 'product', id: colliding.id, field: 'options[0].values[1]' });

  // Texts over Shopify's 255 characters: title, option value, SKU, vendor; a category's name.
  const longTitle = take();
  e2e.apix.catalog.setProduct({ ...longTitle, title: long('T') });
  named.push({ entity: 'product', id: longTitle.id, field: 'title' });
  const longValue = take(oneOption);
  e2e.apix.catalog.setProduct({
    ...longValue,
    options: [{ ...longValue.options[0]!, values: [long('v'), ...longValue.options[0]!.values] }],
  });
  named.push({ entity: 'product', id: longValue.id, field: 'options[0].values[0]' });
  const longSku = take();
  e2e.apix.catalog.setProduct({
    ...longSku,
    variants: longSku.variants.map((v, i) => (i === 1 ? { ...v, sku: long('S') } : v)),
  });
  named.push({
    entity: 'product',
    id: longSku.id,
    field: 'variants[1].sku',
    reason: `variant "${longSku.variants[1]!.id}": is 256 characters long`,
  });
  const longVendor = take();
  e2e.apix.catalog.setProduct({ ...longVendor, vendor: long('V') });
  named.push({ entity: 'product', id: longVendor.id, field: 'vendor' });

  // A variant id used twice within one product.
  const reusedId = take();
  e2e.apix.catalog.setProduct({
    ...reusedId,
    variants: reusedId.variants.map((v, i) => (i === 1 ? { ...v, id: first(reusedId) } : v)),
  });
  named.push({ entity: 'product', id: reusedId.id, field: 'variants[1].id' });

  // An HTML description carrying a script.
  const scripted = take();
  e2e.apix.catalog.setProduct({
    ...scripted,
    description: '<p>Soft <b>wool</b></p><script>steal()</script>',
  });

  // Categories: one repeated in the feed with a newer name, one renamed beyond 255 characters.
  const [repeatedCategory, longCategory] = [...e2e.apix.catalog.categories()];
  assert.ok(repeatedCategory && longCategory);
  const lastCategory = [...e2e.apix.catalog.categories()].at(-1)!;
  e2e.apix.catalog.setCategory({
    ...repeatedCategory,
    name: 'Newer name',
    updatedAt: later(repeatedCategory.updatedAt, 5),
  });
  e2e.apix.catalog.reappear('category', lastCategory.id, {
    ...repeatedCategory,
    name: 'Stale name',
  });
  const longCategoryTitle = e2e.shopify.state
    .collections()
    .find((c) => c.metafields[CUSTOM_ID] === longCategory.id)?.title;
  e2e.apix.catalog.setCategory({ ...longCategory, name: long('C') });
  named.push({ entity: 'category', id: longCategory.id, field: 'name' });

  const heldBack = [colliding, longTitle, longValue, longSku, longVendor, reusedId];
  e2e.shopify.resetCounters();
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));

  // Every bad record is named, with its field.
  const errors = await runErrors();
  assertEachNamed(errors, named);
  // Nothing was refused by Shopify: every bad record was held back before it was sent.
  const { rows: refused } = await e2e.db.pool.query<{ reason: string }>(
    `SELECT reason FROM record_errors
      WHERE run_id = (SELECT max(id) FROM sync_runs) AND reason LIKE '%Shopify rejected%'`,
  );
  assert.equal(refused, []);

  // Nothing is for sale without a valid price for every variant.
  for (const p of unpriced)
    assert.equal(
      shopProducts(p.id).map((x) => x.status),
      ['DRAFT'],
      `${p.id} is not for sale`,
    );
  for (const p of e2e.shopify.state.products().filter((x) => x.status === 'ACTIVE')) {
    const record = e2e.apix.catalog.product(p.metafields[CUSTOM_ID] ?? '');
    // A held-back product keeps the last state the job wrote, which was fully priced.
    if (!record || heldBack.some((h) => h.id === record.id)) continue;
    assert.is(apixPricesOf(e2e, record).size, record.variants.length, `${p.id} fully priced`);
    for (const v of p.variants) assert.ok(Number(v.price) > 0, `${p.id} ${v.id} at ${v.price}`);
  }

  // No duplicate, and every record that was not held back is in Shopify as the job maps it.
  const problems = catalogProblems(e2e, {
    skippedProducts: new Set([...heldBack, ...unpriced].map((p) => p.id)),
    skippedCategories: new Set([longCategory.id]),
  });
  assert.equal(problems, [], describeProblems(problems));
  for (const p of [...heldBack, ...unpriced]) assert.is(shopProducts(p.id).length, 1, p.id);

  // No variant that still exists upstream lost its GID; held-back products are left as they were.
  const gidsAfter = variantGids();
  const upstream = new Set(
    [...e2e.apix.catalog.products()].flatMap((p) => p.variants.map((v) => v.id)),
  );
  for (const [variantId, gid] of gidsBefore) {
    if (!upstream.has(variantId) || variantId === moving.id) continue;
    assert.is(gidsAfter.get(variantId), gid, `variant ${variantId} keeps its GID`);
  }
  assert.ok(gidsAfter.has(moving.id), 'the moved variant exists once more, in its new product');
  assert.ok(
    shopProducts(receiver.id)[0]?.variants.some((v) => v.metafields[CUSTOM_ID] === moving.id),
  );

  // Awkward but valid records land as Shopify would keep them.
  assert.equal(shopProducts(repeated.id)[0]?.title, 'Newer title');
  assert.equal(shopProducts(spaced.id)[0]?.options[0]?.name, spaced.options[0]!.name);
  assert.ok(shopProducts(spaced.id)[0]?.options[0]?.values.includes('Extra large'));
  assert.not.match(shopProducts(scripted.id)[0]?.descriptionHtml ?? '', /script|steal/);
  assert.match(shopProducts(scripted.id)[0]?.descriptionHtml ?? '', /<b>wool<\/b>/);
  const collectionTitle = (id: string) =>
    e2e.shopify.state.collections().find((c) => c.metafields[CUSTOM_ID] === id)?.title;
  assert.is(collectionTitle(repeatedCategory.id), 'Newer name');
  assert.is(collectionTitle(longCategory.id), longCategoryTitle, 'left as it was');

  // The same catalogue again: nothing to send.
  e2e.shopify.resetCounters();
  const again = await e2e.cli(['sync-to-shopify']);
  assert.is(again.code, 0, again.stderr);
  assert.equal(mutationsSent(e2e.shopify), {});
});

test.run();
