import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMetricsPusher } from '../../src/infra/metrics/metrics-pusher.js';
import { startPushgateway } from '../infra/metrics/pushgateway-process.js';
import { silent } from '../support/silent-logger.js';
import { ofKind, render } from './helpers/helm.js';

/* The uninstall hook that deletes the release's Pushgateway groups, run as rendered against a real gateway. */

interface Container {
  command: string[];
  env: { name: string; value: string }[];
}

test('on uninstall the hook deletes every configured store and job group, and only those', async () => {
  const gateway = await startPushgateway({ persist: false });
  try {
    const objects = render({
      valuesFiles: ['ci/multi-store-values.yaml'],
      values: { config: { pushgatewayUrl: gateway.url } },
    });
    const job = ofKind(objects, 'Job').find((j) => j.metadata.name.endsWith('-metrics-cleanup'));
    assert.ok(job, 'a cleanup hook Job');
    if (!job) return;
    assert.is(job.metadata.annotations?.['helm.sh/hook'], 'post-delete');
    const container = (job['spec'] as { template: { spec: { containers: Container[] } } }).template
      .spec.containers[0];
    assert.ok(container);
    if (!container) return;

    const pusher = createMetricsPusher({
      url: gateway.url,
      timeoutMs: 5000,
      logger: silent,
      version: 't',
    });
    const push = (jobName: 'sync-orders' | 'sync-to-shopify', shop: string) =>
      pusher.push({
        job: jobName,
        shop,
        status: 'succeeded',
        startedAt: new Date(),
        finishedAt: new Date(),
        counts: {},
        recordErrors: {},
      });
    const ours = ['acme-europe.myshopify.com', 'acme-united-states.myshopify.com'];
    for (const shop of ours) {
      await push('sync-orders', shop);
      await push('sync-to-shopify', shop);
    }
    await push('sync-orders', 'another-release.myshopify.com');

    // The container's own command, run by this machine's node (the image runs the same).
    const [, ...args] = container.command;
    const r = spawnSync(process.execPath, args, {
      env: { ...process.env, ...Object.fromEntries(container.env.map((e) => [e.name, e.value])) },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.is(r.status, 0, r.stdout + r.stderr);
    const shops = new Set(
      (await gateway.samples())
        .filter((s) => s.labels['job'] === 'integration-service')
        .map((s) => s.labels['shop']),
    );
    assert.equal([...shops], ['another-release.myshopify.com']);
  } finally {
    await gateway.stop();
  }
});

test('no Pushgateway configured: no cleanup hook', () => {
  const objects = render({ values: { config: { pushgatewayUrl: null } } });
  assert.not.ok(ofKind(objects, 'Job').some((j) => j.metadata.name.endsWith('-metrics-cleanup')));
});

test.run();
