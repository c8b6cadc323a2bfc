/**
 * The publications port's bulk publishing against the Shopify simulator over HTTP: one staged
 * file of publishablePublish lines, no regular mutation per product, a result per line (a line
 * Shopify refuses is answered on its own).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProductDraft } from '../../../src/domain/model/catalog-write.js';
import { catalogPortsOf, type CatalogPorts } from './support/catalog-ports.js';
import { useSimulatedShop } from './support/simulated-shop.js';

const shop = useSimulatedShop(test, { bulkRowsPerSecond: 5000 });
let catalog: CatalogPorts;
test.before(async () => {
  catalog = catalogPortsOf(shop, { namespace: 'integration', key: 'external_id' });
  await catalog.ensureCustomIdDefinitions();
});

const draft = (externalId: string): ProductDraft => ({
  externalId,
  title: `Shirt ${externalId}`,
  descriptionHtml: '',
  vendor: 'Acme',
  productType: 'Shirts',
  status: 'ACTIVE',
  options: [{ name: 'Title', values: ['Default Title'] }],
  variants: [
    {
      externalId: `${externalId}-1`,
      sku: `${externalId}-1`,
      barcode: null,
      optionValues: [{ optionName: 'Title', name: 'Default Title' }],
      weightGrams: null,
      price: '9.90',
      compareAtPrice: null,
    },
  ],
});

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

test('bulk publish: every product in one operation, each result on its line, none by regular mutation', async () => {
  const ids: string[] = [];
  for (const x of ['A', 'B']) {
    const r = await catalog.upsertProduct(draft(x));
    assert.ok(r.ok);
    if (r.ok) ids.push(r.value.productId);
  }
  const online = (await catalog.publicationsByName()).get('Online Store');
  assert.ok(online);
  if (!online) return;
  shop.sim.resetCounters();
  const started = await catalog.startBulkPublish(
    each([ids[0] ?? '', 'gid://shopify/Product/987654', ids[1] ?? '']),
    [online],
  );
  assert.is(started.lines, 3);
  const done = await catalog.waitForBulkOperation(started.operationId, { retryHint: 'test' });
  assert.is(done.status, 'COMPLETED');
  const results: { lineNumber: number; ok: boolean }[] = [];
  for await (const r of catalog.bulkPublishResults(done.url ?? ''))
    results.push({ lineNumber: r.lineNumber, ok: r.result.ok });
  assert.equal(results, [
    { lineNumber: 0, ok: true },
    { lineNumber: 1, ok: false },
    { lineNumber: 2, ok: true },
  ]);
  const products = shop.sim.state.products();
  assert.ok(products.every((p) => p.publications.includes('Online Store')));
  assert.is(shop.sim.counters().rootFields['publishablePublish'] ?? 0, 0);
  assert.is(shop.sim.counters().rootFields['bulkOperationRunMutation'], 1);
});

test.run();
