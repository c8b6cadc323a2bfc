import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createApixHttp } from '../../src/adapters/apix/apix-http.js';
import { createApixOrderSink } from '../../src/adapters/apix/apix-order-sink.js';
import { createKubeCoordinationApi } from '../../src/adapters/lock/kube-coordination-api.js';
import { createLeaseLock } from '../../src/adapters/lock/lease-lock.js';
import { createPgOrderStore } from '../../src/adapters/postgres/order-store.js';
import { createPgRunRecords } from '../../src/adapters/postgres/run-records.js';
import { createShopifyGraphqlClient } from '../../src/adapters/shopify/shopify-graphql-client.js';
import { createShopifyOrderSource } from '../../src/adapters/shopify/shopify-order-source.js';
import { createJobRunner } from '../../src/app/jobs/run-job.js';
import { lockName } from '../../src/domain/lock-name.js';
import { createSyncOrdersPipeline } from '../../src/app/pipeline/sync-orders.js';
import { E2E_SHOP, useE2eEnvironment } from '../support/e2e-environment.js';
import { silent } from '../support/silent-logger.js';
import { useKubeApiServer } from '../support/use-simulators.js';

const NS = 'shop-sync';
const micro = (d: Date) => d.toISOString().replace('Z', '000Z');

// Every API X answer takes 100 ms, so pushing 40 orders one at a time takes seconds.
const e2e = useE2eEnvironment(test, { apix: { products: 3, latencyMs: 100 } });
const kube = useKubeApiServer(test, { token: 'kube-token' });

test('a Lease taken over mid-run stops this run before its next write', async () => {
  e2e.shopify.orders.seed(40);
  const client = createShopifyGraphqlClient({
    shop: E2E_SHOP,
    accessToken: e2e.shopify.accessToken,
    apiVersion: '2026-10',
    baseUrl: e2e.shopify.url,
    logger: silent,
  });
  const apix = createApixHttp({
    baseUrl: e2e.apix.url,
    token: e2e.apix.token,
    timeoutMs: 5000,
    maxRetries: 0,
    logger: silent,
  });
  const store = createPgOrderStore(e2e.db.pool, E2E_SHOP);
  const pipeline = createSyncOrdersPipeline({
    shop: E2E_SHOP,
    source: createShopifyOrderSource({ client, logger: silent }),
    store,
    sink: createApixOrderSink(apix),
  });
  const lock = createLeaseLock({
    coordination: createKubeCoordinationApi({
      server: kube.url,
      token: 'kube-token',
      skipTLSVerify: true,
    }),
    namespace: NS,
    identity: 'pod-a',
    leaseDurationSeconds: 3,
    logger: silent,
  });
  const runner = createJobRunner({
    lock,
    records: createPgRunRecords(e2e.db.pool),
    reporter: { push: async () => {} },
    logger: silent,
    describeError: String,
  });

  const running = runner.run({
    job: 'sync-orders',
    shop: E2E_SHOP,
    trigger: 'manual',
    holder: 'pod-a',
    signal: new AbortController().signal,
    pipeline: async (ctx) => {
      await pipeline(ctx, {
        dryRun: false,
        overlapSeconds: 0,
        backfillDays: 1,
        skipTest: true,
        concurrency: 1,
        maxAttempts: 5,
      });
    },
  });
  while (e2e.apix.orders.list().length < 5) await new Promise((r) => setTimeout(r, 20));
  kube.putLease(NS, lockName('sync-orders', E2E_SHOP), {
    holderIdentity: 'pod-b',
    leaseDurationSeconds: 60,
    acquireTime: micro(new Date()),
    renewTime: micro(new Date()),
  });
  const result = await running;
  assert.is(result.status, 'failed');
  assert.match(result.error ?? '', /lock lost/);
  const pushedWhenStopped = e2e.apix.orders.list().length;
  assert.ok(pushedWhenStopped < 40, `stopped early (${pushedWhenStopped} of 40 pushed)`);
  await new Promise((r) => setTimeout(r, 500));
  assert.is(e2e.apix.orders.list().length, pushedWhenStopped, 'no write after the run ended');
  // pod-b's lease was left alone: we did not release what we no longer hold.
  assert.is(kube.lease(NS, lockName('sync-orders', E2E_SHOP))?.spec['holderIdentity'], 'pod-b');
});

test.run();
