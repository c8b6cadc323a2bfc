import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems, VALID_ENV } from '../support/config-env.js';

const valid = VALID_ENV;
/** Problems of the valid environment with `env` laid over it. */
const problemsOf = (env: Record<string, string>): string[] => configProblems({ ...valid, ...env });

test('inventory settings: defaults, the location map, and the worker schedule off unless set', () => {
  const config = loadConfig(valid, 'jobs');
  assert.equal(config.inventory, {
    locations: [],
    reconcileHours: 24,
    batchSize: 100,
    overlapSeconds: 300,
  });
  assert.is(config.worker.syncInventoryCron, null);
  const on = loadConfig(
    {
      ...valid,
      INVENTORY_LOCATIONS: 'WH-1=Main;WH-2=gid://shopify/Location/2',
      WORKER_SYNC_INVENTORY_CRON: '*/10 * * * *',
    },
    'jobs',
  );
  assert.equal(on.inventory.locations, [
    { warehouseId: 'WH-1', location: 'Main' },
    { warehouseId: 'WH-2', location: 'gid://shopify/Location/2' },
  ]);
  assert.is(on.worker.syncInventoryCron, '*/10 * * * *');
});

test('inventory settings: malformed values are configuration problems, listed together', () => {
  const problems = problemsOf({
    INVENTORY_LOCATIONS: 'WH-1',
    INVENTORY_BATCH_SIZE: '500',
    WORKER_SYNC_INVENTORY_CRON: 'every ten minutes',
  });
  assert.is(problems.length, 3, problems.join('\n'));
  assert.match(problems.join('\n'), /INVENTORY_LOCATIONS: 'WH-1' is not WAREHOUSE=LOCATION/);
  assert.match(problems.join('\n'), /WORKER_SYNC_INVENTORY_CRON/);
});

test.run();
