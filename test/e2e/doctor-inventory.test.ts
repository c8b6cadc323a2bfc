import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findCheck, runDoctor } from '../support/doctor-report.js';
import { startE2eEnvironment, useE2eEnvironment } from '../support/e2e-environment.js';
import { DEFAULT_ACCESS_SCOPES } from '../../simulators/shopify/app-installation.js';

const e2e = useE2eEnvironment(test, {
  shopify: { locations: [{ name: 'Main warehouse' }, { name: 'Old shop', active: false }] },
  apix: { products: 3 },
});

const doctor = (env: Record<string, string>) => runDoctor({ ...e2e.env, ...env });

test('doctor checks INVENTORY_LOCATIONS against the shop as sync-inventory would', async () => {
  const good = await doctor({ INVENTORY_LOCATIONS: 'WH-1=Main warehouse' });
  assert.equal(findCheck(good.report, 'shopify', 'inventory-locations')?.status, 'ok');
  assert.match(findCheck(good.report, 'shopify', 'access-scopes')?.found ?? '', /write_inventory/);
  const bad = await doctor({ INVENTORY_LOCATIONS: 'WH-1=Old shop;WH-2=Nowhere' });
  const c = findCheck(bad.report, 'shopify', 'inventory-locations');
  assert.is(c?.status, 'fail');
  assert.match(c?.found ?? '', /Old shop.*inactive/);
  assert.match(c?.found ?? '', /'Nowhere', which the shop does not have/);
  assert.is(bad.code, 1);
});

test('without INVENTORY_LOCATIONS the stock scopes and locations are not asked for', async () => {
  const r = await doctor({});
  assert.is(findCheck(r.report, 'shopify', 'inventory-locations'), undefined);
  assert.not.match(findCheck(r.report, 'shopify', 'access-scopes')?.found ?? '', /write_inventory/);
});

test('a store running sync-inventory without write_inventory fails the scope check, naming it', async () => {
  const scoped = await startE2eEnvironment({
    shopify: { accessScopes: DEFAULT_ACCESS_SCOPES.filter((s) => s !== 'write_inventory') },
    apix: { products: 1 },
  });
  try {
    const r = await runDoctor({ ...scoped.env, INVENTORY_LOCATIONS: 'WH-1=Shop location' });
    assert.is(findCheck(r.report, 'shopify', 'scope-write-inventory')?.status, 'fail');
    assert.is(r.code, 1);
  } finally {
    await scoped.close();
  }
});

test.run();
