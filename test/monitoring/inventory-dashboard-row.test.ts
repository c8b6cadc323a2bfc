/**
 * The dashboard's stock row (issue 20) against what real runs push: the real CLI against the
 * simulators, a real Pushgateway and a real Prometheus. The row shows nothing for a store that
 * does not run sync-inventory, and, once it runs, the age of its last success and the levels
 * of its last run by result, as the run counted them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CHART_DIR } from '../chart/helpers/tools.js';
import {
  freePort,
  startPushgateway,
  type PushgatewayProcess,
} from '../infra/metrics/pushgateway-process.js';
import { E2E_SHOP, startE2eEnvironment, type E2eEnvironment } from '../support/e2e-environment.js';
import { eventually, startPrometheus, type PrometheusProcess } from './prometheus-process.js';

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly y: number };
  readonly targets?: readonly { readonly expr: string }[];
}

const panels = (
  JSON.parse(readFileSync(path.join(CHART_DIR, 'files/dashboard.json'), 'utf8')) as {
    panels: Panel[];
  }
).panels;
const row = panels.find((p) => p.type === 'row' && /sync-inventory/.test(p.title));
/** The panels under the stock row: below it, up to the next row. */
const underRow = (() => {
  if (!row) return [];
  const next = panels
    .filter((p) => p.type === 'row' && p.gridPos.y > row.gridPos.y)
    .reduce((y, p) => Math.min(y, p.gridPos.y), Infinity);
  return panels.filter(
    (p) => p.type !== 'row' && p.gridPos.y > row.gridPos.y && p.gridPos.y < next,
  );
})();
const byTitle = (re: RegExp) => {
  const panel = underRow.find((p) => re.test(p.title));
  if (!panel?.targets?.[0]) throw new Error(`no panel ${re} with a query under the stock row`);
  return panel.targets[0].expr.replaceAll('$shop', E2E_SHOP);
};

let e2e: E2eEnvironment;
let gateway: PushgatewayProcess;
let prometheus: PrometheusProcess;
let env: Record<string, string>;

test.before(async () => {
  const port = await freePort();
  [e2e, gateway] = await Promise.all([
    startE2eEnvironment({
      shopify: { locations: [{ name: 'Main warehouse' }] },
      apix: { products: 3, categories: 1, warehouses: ['WH-1', 'WH-9'] },
    }),
    startPushgateway({ port, persist: false }),
  ]);
  prometheus = await startPrometheus(`127.0.0.1:${port}`, { groups: [] });
  env = { PUSHGATEWAY_URL: gateway.url, INVENTORY_LOCATIONS: 'WH-1=Main warehouse' };
});
test.after(async () => {
  await Promise.allSettled([e2e?.close(), gateway?.stop(), prometheus?.stop()]);
});

test('the stock row groups only sync-inventory panels of stock', () => {
  assert.ok(row, 'a row for sync-inventory');
  assert.ok(underRow.length >= 2, underRow.map((p) => p.title).join(', '));
  for (const p of underRow)
    for (const t of p.targets ?? []) assert.match(t.expr, /subcommand="sync-inventory"/, p.title);
});

test('a store that does not run sync-inventory shows nothing in the row', async () => {
  assert.is((await e2e.cli(['sync-to-shopify'], env)).code, 0);
  // The catalogue run's success is scraped; the row still has no series of this store.
  await eventually('sync-to-shopify scraped', async () => {
    const r = await prometheus.query(
      `integration_service_last_success_timestamp_seconds{subcommand="sync-to-shopify", shop="${E2E_SHOP}"}`,
    );
    return r.length > 0 ? r : undefined;
  });
  for (const p of underRow)
    for (const t of p.targets ?? [])
      assert.equal(await prometheus.query(t.expr.replaceAll('$shop', E2E_SHOP)), [], p.title);
});

test('after a run: the age of its success, and its levels by result as the run counted them', async () => {
  const run = await e2e.cli(['sync-inventory'], env);
  assert.is(run.code, 0, run.stderr);
  const counted =
    (run.summary?.['counts'] as Record<string, Record<string, number>>)['stock'] ?? {};
  // The unmapped warehouse WH-9 is counted as ignored: at least two results to show.
  assert.ok(Object.keys(counted).length >= 2, JSON.stringify(counted));
  const byResult = await eventually('the levels by result scraped', async () => {
    const r = await prometheus.query(byTitle(/levels/i));
    const shown: Record<string, number> = Object.fromEntries(
      r.map((s) => [s.metric['result'] ?? '', Number(s.value[1])]),
    );
    return Object.entries(counted).every(([k, v]) => shown[k] === v) ? shown : undefined;
  });
  assert.equal(
    Object.fromEntries(Object.entries(byResult).filter(([, v]) => v > 0)),
    Object.fromEntries(Object.entries(counted).filter(([, v]) => v > 0)),
  );
  const age = await prometheus.query(byTitle(/since last success/i));
  assert.is(age.length, 1, JSON.stringify(age));
  const seconds = Number(age[0]?.value[1]);
  assert.ok(seconds >= 0 && seconds < 600, `an age in seconds, not an epoch: ${seconds}`);
  // No fulfilment marked a level: the run pushed 0 waiting, shown as 0 (not as no data).
  const rechecks = await prometheus.query(byTitle(/waiting for a recheck/i));
  assert.equal(
    rechecks.map((s) => Number(s.value[1])),
    [0],
  );
});

test.run();
