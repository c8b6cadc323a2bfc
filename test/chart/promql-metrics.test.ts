import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { METRICS } from '../../src/infra/metrics/metric-names.js';
import {
  asRecordingRules,
  checkRules,
  dashboardExprs,
  metricNames,
  readAlertRules,
} from './helpers/promql.js';

/*
 * Dashboard and alert queries must parse and may only use metrics the service pushes
 * (src/infra/metrics/metric-names.ts) plus the Pushgateway's own, so renaming a metric in the
 * code breaks this test until the chart follows.
 */

const ALLOWED = new Set<string>([
  ...Object.values(METRICS),
  'push_time_seconds',
  'push_failure_time_seconds',
]);
const alertExprs = readAlertRules().groups.flatMap((g) =>
  g.rules.map((r) => ({ where: `alert ${r.alert ?? r.record}`, expr: r.expr })),
);
const dashExprs = dashboardExprs();

test('metricNames finds selectors and ignores functions, labels, keywords and durations', () => {
  assert.equal(
    metricNames(
      'time() - max by (shop) (integration_service_last_success_timestamp_seconds{job="x", subcommand="sync-orders"}) > 26 * 3600',
    ),
    ['integration_service_last_success_timestamp_seconds'],
  );
  assert.equal(
    metricNames(
      'sum(rate(a_total{x=~"y|z"}[5m] offset 1h)) by (le) / on(shop) group_left(version) b_info and bool c',
    ),
    ['a_total', 'b_info', 'c'],
  );
  assert.equal(metricNames('1e3 + 2'), []);
});

test('the dashboard has a query for every panel topic', () => {
  assert.ok(dashExprs.length >= 12, `${dashExprs.length} expressions`);
  const used = new Set(dashExprs.flatMap((e) => metricNames(e.expr)));
  for (const m of [
    METRICS.lastSuccessTimestamp,
    METRICS.lastRunDuration,
    METRICS.lastRunStatus,
    METRICS.runItems,
    METRICS.runRecordErrors,
    METRICS.ordersBacklog,
    METRICS.runShopifyCostPoints,
    METRICS.runShopifyThrottled,
    METRICS.runApixRequests,
  ]) {
    assert.ok(used.has(m), `dashboard does not show ${m}`);
  }
  // Panels filter by the shop variable so one dashboard serves every store.
  for (const e of dashExprs.filter((x) => x.where.startsWith('panel')))
    assert.match(e.expr, /shop=~"\$shop"/, e.where);
});

for (const [kind, exprs] of [
  ['dashboard', dashExprs],
  ['alert', alertExprs],
] as const) {
  test(`every ${kind} query uses only known metric names`, () => {
    for (const { where, expr } of exprs) {
      const names = metricNames(expr);
      assert.ok(names.length > 0, `${where}: no metric in ${expr}`);
      for (const n of names) assert.ok(ALLOWED.has(n), `${where}: unknown metric ${n}`);
    }
  });

  test(`every ${kind} query parses as PromQL (promtool check rules)`, () => {
    const r = checkRules(asRecordingRules(exprs.map((e) => e.expr)));
    assert.is(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`SUCCESS: ${exprs.length} rules found`));
  });
}

test('the checks can fail: a renamed metric and a syntax error are caught', () => {
  const renamed =
    'time() - integration_service_last_succes_timestamp_seconds{job="integration-service"}';
  assert.not.ok(metricNames(renamed).every((n) => ALLOWED.has(n)));
  const r = checkRules(asRecordingRules(['sum by (shop (integration_service_orders_backlog)']));
  assert.is.not(r.code, 0);
  assert.match(r.stdout + r.stderr, /parse error|unexpected/);
});

test.run();
