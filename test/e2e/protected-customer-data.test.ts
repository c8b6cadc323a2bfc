import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #16 item 1: an app without Shopify's protected-customer-data approval gets `data` with the
// protected fields null and a field error beside each (the simulator's AppAccess cites the sources).
// Orders must still reach API X, with those fields empty and one warning per run.

const e2e = useE2eEnvironment(test, {
  apix: { products: 3 },
  shopify: { access: { protectedCustomerData: false } },
});

const env = { APIX_MAX_RETRIES: '0', LOG_FORMAT: 'json' };
const WARNING = /withheld protected customer data/;
const withCustomer = (i: number) => ({
  email: `buyer${i}@example.com`,
  customer: { firstName: 'Ada', lastName: `Buyer${i}`, email: `buyer${i}@example.com` },
  shippingAddress: { name: 'Ada', address1: '1 Main St', city: 'Gent', countryCode: 'BE' },
  billingAddress: { name: 'Ada', address1: '1 Main St', city: 'Gent', countryCode: 'BE' },
});
interface Body {
  email: string | null;
  customer: { email: string | null; lastName: string | null } | null;
  shippingAddress: unknown;
  billingAddress: unknown;
}
const latest = (id: string) =>
  e2e.apix.orders.byExternalId(id)?.versions.at(-1) as Body | undefined;
const warnings = (stderr: string) => stderr.split('\n').filter((l) => WARNING.test(l));

test('without approval: every order arrives with the protected fields empty, one warning per run', async () => {
  // 20 orders: three pages of 8, each page carrying field errors.
  const ids = e2e.shopify.orders.seed(20, withCustomer);
  const r = await e2e.cli(['sync-orders'], env);
  assert.is(r.code, 0, r.stderr.slice(-3000));
  for (const id of ids) {
    const body = latest(id);
    assert.ok(body, id);
    assert.is(body?.email, null);
    assert.is(body?.customer, null);
    assert.is(body?.shippingAddress, null);
    assert.is(body?.billingAddress, null);
  }
  const lines = warnings(r.stderr);
  assert.is(lines.length, 1, r.stderr.slice(-3000));
  assert.match(lines[0] ?? '', /approval/);
  assert.match(lines[0] ?? '', /billingAddress, customer, email, shippingAddress/);
});

test('ORDERS_CUSTOMER_FIELDS=none asks for no customer data: no field errors, no warning', async () => {
  const ids = e2e.shopify.orders.seed(2, withCustomer);
  const r = await e2e.cli(['sync-orders'], { ...env, ORDERS_CUSTOMER_FIELDS: 'none' });
  assert.is(r.code, 0, r.stderr.slice(-3000));
  assert.equal(warnings(r.stderr), []);
  for (const id of ids) assert.is(latest(id)?.customer, null);
});

test('once approved, contact brings names and email but no addresses; full adds addresses', async () => {
  e2e.shopify.setAccess({ protectedCustomerData: true });
  const [contact] = e2e.shopify.orders.seed(1, withCustomer);
  const r = await e2e.cli(['sync-orders'], { ...env, ORDERS_CUSTOMER_FIELDS: 'contact' });
  assert.is(r.code, 0, r.stderr.slice(-3000));
  assert.equal(warnings(r.stderr), []);
  const body = latest(contact ?? '');
  assert.is(body?.email, 'buyer0@example.com');
  assert.is(body?.customer?.lastName, 'Buyer0');
  assert.is(body?.shippingAddress, null);
  const [full] = e2e.shopify.orders.seed(1, withCustomer);
  const f = await e2e.cli(['sync-orders'], env);
  assert.is(f.code, 0, f.stderr.slice(-3000));
  assert.ok(latest(full ?? '')?.shippingAddress);
});

test.run();
