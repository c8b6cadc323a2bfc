import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, stringify } from 'yaml';
import { ofKind, render } from './helpers/helm.js';
import { ALERT_RULES_FILE, checkRules, readAlertRules, testRules } from './helpers/promql.js';
import { run, tempDir, tool } from './helpers/tools.js';

/* The chart's alert rules, checked and unit-tested by the real promtool on the file the chart deploys. */

const UNIT_TESTS = path.join(
  path.dirname(new URL(import.meta.url).pathname),
  'fixtures/alert-rules.unit.yaml',
);
const rulesText = readFileSync(ALERT_RULES_FILE, 'utf8');

interface UnitTests {
  rule_files: string[];
  tests: { name: string; alert_rule_test: { alertname: string }[] }[];
}

/**
 * Runs the unit tests against the given rules text (a temp copy, so mutated rules can be tested);
 * given `alert`, only the test groups that assert on it. A mutation changes one rule, so the
 * groups of the others cannot catch it; leaving them out keeps the slow ones (the 3-day hold is
 * ~4,400 one-minute evaluations, ~7 s of promtool) from running once per mutation.
 */
function unitTest(rules: string, alert?: string): { code: number; output: string } {
  const dir = tempDir('alert-tests');
  writeFileSync(path.join(dir, 'rules.yaml'), rules);
  const tests = parse(readFileSync(UNIT_TESTS, 'utf8')) as UnitTests;
  tests.rule_files = ['rules.yaml'];
  if (alert !== undefined) {
    tests.tests = tests.tests.filter((g) => g.alert_rule_test.some((a) => a.alertname === alert));
    // No group left would pass for any rules: that is a broken test, not a caught mutation.
    assert.ok(tests.tests.length > 0, `no unit test group asserts on ${alert}`);
  }
  writeFileSync(path.join(dir, 'tests.yaml'), stringify(tests));
  const r = run(tool('promtool'), ['test', 'rules', path.join(dir, 'tests.yaml')]);
  return { code: r.code, output: r.stdout + r.stderr };
}

test('promtool check rules accepts the file', () => {
  const r = checkRules(rulesText);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 12 rules found/);
});

test('the required alerts exist with a severity and a runbook', () => {
  const rules = readAlertRules().groups.flatMap((g) => g.rules);
  assert.equal(rules.map((r) => r.alert).sort(), [
    'IntegrationServiceCatalogSyncStale',
    'IntegrationServiceDeadLetterOrders',
    'IntegrationServiceLastRunFailed',
    'IntegrationServiceMetricPushFailing',
    'IntegrationServiceOrderBacklogGrowing',
    'IntegrationServiceOrdersDeliveryFailing',
    'IntegrationServiceOrdersSyncStale',
    'IntegrationServiceOrdersUndelivered',
    'IntegrationServiceProductCreationsDeferred',
    'IntegrationServiceRunDied',
    'IntegrationServiceShipmentsHeld',
    'IntegrationServiceStockSyncStale',
  ]);
  const readme = readFileSync(path.join(path.dirname(ALERT_RULES_FILE), '../README.md'), 'utf8');
  for (const r of rules as {
    alert: string;
    labels?: { severity?: string };
    annotations?: { runbook?: string };
  }[]) {
    assert.match(r.labels?.severity ?? '', /^(warning|critical)$/, r.alert);
    assert.ok(r.annotations?.runbook?.endsWith(`#${r.alert.toLowerCase()}`), r.alert);
    assert.ok(readme.includes(`### ${r.alert}`), `README has no runbook section for ${r.alert}`);
  }
});

test('every alert has unit tests', () => {
  const tests = parse(readFileSync(UNIT_TESTS, 'utf8')) as {
    tests: { alert_rule_test: { alertname: string }[] }[];
  };
  const tested = new Set(tests.tests.flatMap((t) => t.alert_rule_test.map((a) => a.alertname)));
  for (const r of readAlertRules().groups.flatMap((g) => g.rules))
    assert.ok(tested.has(r.alert ?? ''), `${r.alert} untested`);
});

test('promtool test rules: each alert fires when it should and not before', () => {
  const r = unitTest(rulesText);
  assert.is(r.code, 0, r.output);
  assert.match(r.output, /SUCCESS/);
});

test('the unit tests catch a rule that fires too early or never', () => {
  // Each mutation must change the rules (else the case proves nothing) and fail its alert's tests.
  const mutations = [
    {
      alert: 'IntegrationServiceCatalogSyncStale',
      from: '> 26 * 3600',
      to: '> 25 * 3600',
      why: 'a 25h catalogue threshold passed the tests',
    },
    {
      alert: 'IntegrationServiceDeadLetterOrders',
      from: 'state="dead"})\n            > 0',
      to: 'state="dead"})\n            > 5',
      why: 'a dead-letter alert that never fires passed the tests',
    },
    {
      alert: 'IntegrationServiceOrderBacklogGrowing',
      from: 'for: 30m',
      to: 'for: 5m',
      why: 'backlog alert without its 30m hold passed',
    },
    {
      alert: 'IntegrationServiceProductCreationsDeferred',
      from: 'for: 3d',
      to: 'for: 1d',
      why: 'deferred-creations alert without its 3-day hold passed',
    },
  ];
  for (const m of mutations) {
    const mutated = rulesText.replace(m.from, m.to);
    assert.is.not(mutated, rulesText, `${m.from} is not in the rules`);
    assert.is.not(unitTest(mutated, m.alert).code, 0, m.why);
  }
});

test('the PrometheusRule renders exactly these rules, plus the configured labels', () => {
  const objects = render({ valuesFiles: ['ci/monitoring-values.yaml'] });
  const rule = ofKind(objects, 'PrometheusRule')[0];
  assert.ok(rule);
  assert.is(rule.metadata.labels?.['release'], 'kube-prometheus-stack');
  const rendered = (rule['spec'] as { groups: unknown }).groups;
  const expected = readAlertRules().groups.map((g) => ({
    ...g,
    rules: g.rules.map((r) => ({
      ...r,
      labels: { ...(r as { labels?: object }).labels, team: 'commerce' },
    })),
  }));
  assert.equal((rendered as unknown[]).slice(0, expected.length), expected);
  assert.is(ofKind(render(), 'PrometheusRule').length, 0);
});

test('absent data: one rule per configured store and unsuspended job; promtool fires it for a store that never succeeded and after a Pushgateway restart', () => {
  const objects = render({
    valuesFiles: ['ci/multi-store-values.yaml'],
    values: { prometheusRule: { enabled: true } },
  });
  const groups = (
    ofKind(objects, 'PrometheusRule')[0]?.['spec'] as {
      groups: { name: string; rules: { alert: string; expr: string }[] }[];
    }
  ).groups;
  const absent = groups.find((g) => g.name === 'integration-service-absent');
  // Three stores x two jobs, minus the suspended sync-orders of "us".
  assert.is(absent?.rules.length, 5);
  const eu = 'acme-europe.myshopify.com';
  const outlet = 'acme-outlet-store-with-a-rather-long-shop-domain-name.myshopify.com';
  const firing = (shop: string) => ({
    exp_labels: {
      severity: 'critical',
      job: 'integration-service',
      subcommand: 'sync-orders',
      shop,
    },
    exp_annotations: {
      summary: `sync-orders for ${shop} has no last-success figure on the Pushgateway`,
      description: `No integration_service_last_success_timestamp_seconds for sync-orders of ${shop}: the job never succeeded for this store, or the Pushgateway lost its groups (restarted without persistence). The stale and failure alerts cannot fire without it.`,
      runbook:
        'See the alert runbook in charts/integration-service/README.md#integrationservicesuccessabsent',
    },
  });
  const r = testRules('absent-tests', { groups }, [
    {
      interval: '1m',
      input_series: [
        // eu succeeds every 5 minutes until the Pushgateway restarts (empty) at minute 10.
        {
          series: `integration_service_last_success_timestamp_seconds{job="integration-service", subcommand="sync-orders", shop="${eu}", instance="pgw:9091"}`,
          values: '0+60x10 _x60',
        },
      ],
      alert_rule_test: [
        { eval_time: '29m', alertname: 'IntegrationServiceSuccessAbsent', exp_alerts: [] },
        {
          eval_time: '31m',
          alertname: 'IntegrationServiceSuccessAbsent',
          exp_alerts: [firing(outlet)],
        },
        {
          eval_time: '47m',
          alertname: 'IntegrationServiceSuccessAbsent',
          exp_alerts: [firing(eu), firing(outlet)],
        },
      ],
    },
  ]);
  assert.is(r.code, 0, r.stdout + r.stderr);
});

test.run();
