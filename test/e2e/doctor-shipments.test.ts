import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCheck, runDoctor } from '../support/doctor-report.js';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { DEFAULT_ACCESS_SCOPES } from '../../simulators/shopify/app-installation.js';

// An install from before the shipments step: the app was never granted the fulfilment scope.
const e2e = useE2eEnvironment(test, {
  shopify: {
    accessScopes: DEFAULT_ACCESS_SCOPES.filter(
      (s) => s !== 'write_merchant_managed_fulfillment_orders',
    ),
  },
  apix: { products: 1 },
});

test('by default (SHIPMENTS_ENABLED unset) doctor does not ask for the fulfilment scope', async () => {
  const r = await runDoctor({ ...e2e.env });
  assert.is(
    findCheck(r.report, 'shopify', 'scope-write-merchant-managed-fulfillment-orders'),
    undefined,
  );
  assert.is(findCheck(r.report, 'shopify', 'access-scopes')?.status, 'ok');
});

test('with SHIPMENTS_ENABLED=true a missing fulfilment scope fails, naming it', async () => {
  const r = await runDoctor({ ...e2e.env, SHIPMENTS_ENABLED: 'true' });
  assert.is(
    findCheck(r.report, 'shopify', 'scope-write-merchant-managed-fulfillment-orders')?.status,
    'fail',
  );
  assert.is(r.code, 1);
});

test.run();
