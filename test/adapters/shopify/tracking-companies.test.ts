import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  SHOPIFY_TRACKING_COMPANIES,
  shopifyTrackingCompany,
} from '../../../src/adapters/shopify/tracking-companies.js';
import { loadAdminSchema } from '../../../simulators/shopify/schema.js';
import { knownTrackingCompanies } from '../../../simulators/shopify/tracking-companies.js';

test('the service`s list is the vendored schema`s list, name for name', () => {
  assert.equal(
    [...SHOPIFY_TRACKING_COMPANIES].sort(),
    [...knownTrackingCompanies(loadAdminSchema())].sort(),
  );
});

test('a carrier is matched whatever its case and sent as Shopify spells it', () => {
  const table: [string, string | null][] = [
    ['DHL Express', 'DHL Express'],
    ['dhl express', 'DHL Express'],
    [' ups ', 'UPS'],
    ['Acme Freight', null],
    ['', null],
  ];
  for (const [carrier, expected] of table)
    assert.is(shopifyTrackingCompany(carrier), expected, carrier);
});

test.run();
