import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { linesWithEach } from '../support/text-assertions.js';

// Shopify's JSON can carry text PostgreSQL cannot store: half a surrogate pair ("\ud83c", an
// emoji cut in two by whatever wrote it) or a NUL ("\u0000"). One such order in a page of orders
// must neither stop the others nor stay out of API X: it is delivered with the broken unit shown
// as U+FFFD, named in a warning, and sent whole once the text is fixed in Shopify.
const e2e = useE2eEnvironment(test, { apix: { products: 3 } });

const HIGH = '\ud83c';
const LOW = '\udfe0';
const NUL = '\u0000';

interface Received {
  name: string;
  customer: { firstName: string | null } | null;
  shippingAddress: { line1: string | null } | null;
  billingAddress: { city: string | null } | null;
  lines: { title: string; sku: string | null }[];
}
const received = (id: string) =>
  e2e.apix.orders.byExternalId(id)?.versions.at(-1) as Received | undefined;

const address = { name: 'Ada L', address1: 'Main 1', city: 'Bern', zip: '3000', countryCode: 'CH' };

test('an order with a lone surrogate or a NUL in its text reaches API X with U+FFFD there, named; the other orders of its page too', async () => {
  const clean = e2e.shopify.orders.seed(6);
  const line = { title: 'Mug', quantity: 1, unitPrice: '10.00', sku: 'MUG' };
  const broken = {
    address: e2e.shopify.orders.create({
      shippingAddress: { ...address, address1: `Flat 3 ${HIGH}` },
      lineItems: [line],
    }),
    customer: e2e.shopify.orders.create({
      customer: { firstName: `Ada${NUL}`, lastName: 'L', email: 'ada@example.com' },
      lineItems: [line],
    }),
    line: e2e.shopify.orders.create({
      lineItems: [{ ...line, title: `${LOW}${HIGH}Mug`, sku: `MUG${NUL}` }],
    }),
    billing: e2e.shopify.orders.create({
      name: `#X${NUL}1`,
      billingAddress: { ...address, city: `Bern${LOW}` },
      lineItems: [line],
    }),
  };

  const r = await e2e.cli(['sync-orders']);
  assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
  assert.equal(r.summary?.['recordErrors'], {});
  for (const id of [...clean, ...Object.values(broken)])
    assert.is(e2e.apix.orders.byExternalId(id)?.versions.length, 1, `${id} delivered once`);

  assert.is(received(broken.address)?.shippingAddress?.line1, 'Flat 3 \ufffd');
  assert.is(received(broken.customer)?.customer?.firstName, 'Ada\ufffd');
  assert.equal(received(broken.line)?.lines, [
    { ...received(broken.line)?.lines[0], title: '\ufffd\ufffdMug', sku: 'MUG\ufffd' },
  ]);
  assert.is(received(broken.billing)?.name, '#X\ufffd1');
  assert.is(received(broken.billing)?.billingAddress?.city, 'Bern\ufffd');

  // Each replacement is named: the order, the field and the position in Shopify's text.
  const named = [
    [broken.address, 'shippingAddress.address1', 'position 7', '\\ud83c'],
    [broken.customer, 'customer.firstName', 'position 3', '\\u0000'],
    [broken.line, 'lineItems.nodes.0.title', 'position 0', '\\udfe0'],
    [broken.line, 'lineItems.nodes.0.sku', 'position 3', '\\u0000'],
    [broken.billing, 'name', 'position 2', '\\u0000'],
    [broken.billing, 'billingAddress.city', 'position 4', '\\udfe0'],
  ];
  for (const parts of named)
    assert.ok(linesWithEach(r.stderr, parts).length > 0, `${parts.join(' ')} in the log`);

  // The stored copies (the order as sent, Shopify's document kept for audit) hold U+FFFD too.
  const stored = async (id: string) =>
    (
      await e2e.db.pool.query<{ name: string; address1: string | null; line1: string | null }>(
        `SELECT name, raw->'shippingAddress'->>'address1' AS address1,
                normalized->'shippingAddress'->>'address1' AS line1
           FROM orders WHERE shopify_id = $1`,
        [id],
      )
    ).rows[0];
  assert.equal(await stored(broken.address), {
    name: e2e.shopify.orders.get(broken.address)?.name,
    address1: 'Flat 3 \ufffd',
    line1: 'Flat 3 \ufffd',
  });
  assert.is((await stored(broken.billing))?.name, '#X\ufffd1');

  // Fixed in Shopify: the next run sends the order whole, as an update, and names nothing.
  e2e.shopify.orders.edit(broken.address, {
    shippingAddress: { ...address, address1: 'Flat 3 \ud83c\udfe0' },
  });
  const fixed = await e2e.cli(['sync-orders']);
  assert.is(fixed.code, 0, fixed.stderr + fixed.stdout.slice(-2000));
  assert.is(e2e.apix.orders.byExternalId(broken.address)?.versions.length, 2);
  assert.is(received(broken.address)?.shippingAddress?.line1, 'Flat 3 \ud83c\udfe0');
  assert.equal(linesWithEach(fixed.stderr, [broken.address, 'U+FFFD']), []);
});

test.run();
