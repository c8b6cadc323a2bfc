/**
 * A bulk result download refused with 429 and Retry-After (the simulator's storage host refuses
 * again until the seconds have passed) is fetched again after the wait the server asked for, as
 * the GraphQL client does; the download's own back-off (a few seconds in all) would come back
 * early every time and give up.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createShopifyBulk } from '../../../../src/adapters/shopify/bulk/shopify-bulk.js';
import { useSimulatedShop } from '../support/simulated-shop.js';
import { createTestLogger } from '../support/test-logger.js';

const shop = useSimulatedShop(test, { bulkRowsPerSecond: 20_000 });

test('a result download answered 429 with Retry-After is read whole once the wait has passed', async () => {
  shop.sim.orders.seed(5);
  const bulk = createShopifyBulk({
    client: shop.client(),
    logger: createTestLogger(),
    polling: { min: 20, max: 100 },
  });
  const { url } = await bulk.runQuery(
    'orders',
    '{ orders { edges { node { id } } } }',
    'retry the run',
  );
  assert.ok(url);
  // Longer than the whole back-off of the download's retries (0.5 + 1 + 2 s at most).
  shop.sim.faults.inject({ kind: 'download-throttle', retryAfterSeconds: 4 });
  const ids: string[] = [];
  for await (const { line } of bulk.resultLines(url))
    ids.push(String((JSON.parse(line) as { id: unknown }).id));
  assert.is(ids.length, 5);
  assert.ok(ids.every((id) => id.startsWith('gid://shopify/Order/')));
});

test.run();
