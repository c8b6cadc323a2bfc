import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clockSkewCheck } from '../../src/doctor/apix-checks.js';
import { check, doctorExitCode, formatChecks, type CheckStatus } from '../../src/doctor/check.js';
import { grants, scopeChecks } from '../../src/doctor/required-scopes.js';
import { runtimeChecks } from '../../src/doctor/runtime-checks.js';
import {
  apiVersionCheck,
  definitionChecks,
  publicationCheck,
  supportedUntil,
  variantLimitCheck,
} from '../../src/doctor/shopify-verdicts.js';

const NOW = new Date('2026-11-30T06:00:00Z');
const ALL = [
  'read_products',
  'write_products',
  'write_publications',
  'read_orders',
  'read_customers',
  'read_all_orders',
  'write_merchant_managed_fulfillment_orders',
];

test('exit code: 1 as soon as one check fails; warnings and skips still mean a run would work', () => {
  const rows: [CheckStatus[], number][] = [
    [[], 0],
    [['ok', 'ok'], 0],
    [['ok', 'warn', 'skip'], 0],
    [['ok', 'fail'], 1],
    [['warn', 'fail', 'fail'], 1],
  ];
  for (const [statuses, code] of rows)
    assert.is(
      doctorExitCode(statuses.map((s) => check('shopify', 'x', s, 'found'))),
      code,
      statuses.join(','),
    );
});

test('the human format: groups in a fixed order, the action under a failure only', () => {
  const text = formatChecks([
    check('apix', 'token', 'fail', 'wrong API X token', 'set APIX_TOKEN'),
    check('config', 'environment', 'ok', 'fine', 'never shown for ok'),
  ]);
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', /^ok {4}config\/environment +fine$/);
  assert.match(lines[1] ?? '', /^FAIL {2}apix\/token +wrong API X token$/);
  assert.match(lines[2] ?? '', /^ +-> set APIX_TOKEN$/);
  assert.not.match(text, /never shown/);
  assert.match(lines.at(-1) ?? '', /1 check\(s\) failed.*exit 1/);
});

test('scopes: write grants read; each missing scope named with what breaks; read_all_orders required only past 60 days', () => {
  assert.ok(grants(new Set(['write_publications']), 'read_publications'));
  assert.not.ok(grants(new Set(['read_publications']), 'write_publications'));
  const rows: [string, string[], number, [string, CheckStatus][]][] = [
    ['everything', ALL, 7, [['access-scopes', 'ok']]],
    [
      'no write_products',
      ALL.filter((s) => s !== 'write_products'),
      7,
      [['scope-write-products', 'fail']],
    ],
    [
      'no fulfillment-order scope: the shipments step cannot write',
      ALL.filter((s) => s !== 'write_merchant_managed_fulfillment_orders'),
      7,
      [['scope-write-merchant-managed-fulfillment-orders', 'fail']],
    ],
    [
      'read_all_orders missing, short backfill',
      ALL.filter((s) => s !== 'read_all_orders'),
      7,
      [['scope-read-all-orders', 'warn']],
    ],
    [
      'read_all_orders missing, 90-day backfill',
      ALL.filter((s) => s !== 'read_all_orders'),
      90,
      [['scope-read-all-orders', 'fail']],
    ],
    [
      'nothing',
      [],
      7,
      [
        ['scope-read-products', 'fail'],
        ['scope-write-products', 'fail'],
        ['scope-write-publications', 'fail'],
        ['scope-read-orders', 'fail'],
        ['scope-write-merchant-managed-fulfillment-orders', 'fail'],
        ['scope-read-customers', 'warn'],
        ['scope-read-all-orders', 'warn'],
      ],
    ],
  ];
  for (const [name, granted, days, expected] of rows) {
    const checks = scopeChecks(granted, { backfillDays: days, publishes: true, shipments: true });
    assert.equal(
      checks.map((c) => [c.name, c.status]),
      expected,
      name,
    );
    for (const c of checks.filter((c) => c.status !== 'ok')) assert.ok(c.action, name);
  }
});

test('API version: downgraded fails, near the end of support warns, deprecations warn', () => {
  const rows: [string, string, string | null, string | null, CheckStatus, RegExp][] = [
    ['as requested', '2026-10', '2026-10', null, 'ok', /until at least 2027-10-01/],
    [
      'downgraded',
      '2024-10',
      '2025-10',
      null,
      'fail',
      /requested 2024-10 but Shopify served 2025-10/,
    ],
    ['no header', '2026-10', null, null, 'warn', /did not say/],
    ['ending soon', '2026-01', '2026-01', null, 'warn', /ends about 2027-01-01 \(31 days\)/],
    [
      'deprecated use',
      '2026-10',
      '2026-10',
      'field x is deprecated',
      'warn',
      /field x is deprecated/,
    ],
    ['unstable', 'unstable', 'unstable', null, 'warn', /changes without notice/],
  ];
  for (const [name, requested, served, deprecated, status, found] of rows) {
    const c = apiVersionCheck(requested, served, deprecated, NOW);
    assert.is(c.status, status, name);
    assert.match(c.found, found, name);
  }
  assert.is(supportedUntil('2026-07').toISOString(), '2027-07-01T00:00:00.000Z');
});

test('daily variant limit: how many days the initial sync takes on a non-Plus store', () => {
  const rows: [number, number | null, boolean, CheckStatus, RegExp][] = [
    [0, 60, false, 'ok', /60 to create, all below/],
    [0, 120_000, false, 'warn', /70000 are above.*about 71 days/],
    [49_500, 52_000, false, 'warn', /2000 are above.*about 3 days/],
    [60_000, 60_000, false, 'ok', /0 to create/],
    [0, 120_000, true, 'ok', /Plus: no daily variant limit/],
    [10, null, false, 'skip', /cannot be estimated/],
  ];
  for (const [shop, upstream, plus, status, found] of rows) {
    const c = variantLimitCheck(shop, upstream, plus);
    assert.is(c.status, status, `${shop}/${upstream}`);
    assert.match(c.found, found);
  }
});

test('custom-id definitions: present, creatable, taken by another type or by unstructured metafields', () => {
  const checks = definitionChecks(
    'ns.key',
    ['PRODUCT', 'PRODUCTVARIANT', 'COLLECTION'],
    [
      { ownerType: 'PRODUCT', type: 'id' },
      { ownerType: 'PRODUCTVARIANT', type: 'single_line_text_field' },
    ],
    true,
    ['COLLECTION'],
  );
  assert.equal(
    checks.map((c) => c.status),
    ['ok', 'fail', 'fail'],
  );
  assert.match(checks[1]?.found ?? '', /definition key taken: .*single_line_text_field/);
  assert.match(checks[2]?.found ?? '', /UNSTRUCTURED_ALREADY_EXISTS/);
  const cannot = definitionChecks('ns.key', ['PRODUCT'], [], false, []);
  assert.is(cannot[0]?.status, 'fail');
  assert.match(cannot[0]?.found ?? '', /without write_products/);
});

test('publications: SHOPIFY_PUBLISH_TO names found by catalog title, or none', () => {
  const online = ['Online Store'];
  assert.is(publicationCheck(['Online Store', 'Point of Sale'], online).status, 'ok');
  assert.is(publicationCheck(['Point of Sale'], online).status, 'fail');
  assert.match(publicationCheck([], online).found, /none at all/);
  assert.is(publicationCheck(null, online).status, 'skip');
  const wholesale = publicationCheck(['Online Store'], ['Online Store', 'Wholesale']);
  assert.is(wholesale.status, 'fail');
  assert.match(wholesale.found, /no publication named Wholesale/);
  assert.is(publicationCheck(null, []).status, 'ok', 'none: nothing to find');
  const noPublishScope = scopeChecks(
    ALL.filter((s) => s !== 'write_publications'),
    { backfillDays: 7, publishes: false },
  );
  assert.equal(
    noPublishScope.map((c) => c.status),
    ['ok'],
    'write_publications is not needed with SHOPIFY_PUBLISH_TO=none',
  );
});

test('scopes: the fulfilment scope is asked for only when the shipments step is enabled', () => {
  const withoutFulfilment = ALL.filter((s) => s !== 'write_merchant_managed_fulfillment_orders');
  const byDefault = scopeChecks(withoutFulfilment, { backfillDays: 7, publishes: true });
  assert.equal(
    byDefault.map((c) => [c.name, c.status]),
    [['access-scopes', 'ok']],
    'SHIPMENTS_ENABLED unset: an install without the scope keeps passing',
  );
  assert.not.match(byDefault[0]?.found ?? '', /fulfillment/);
  const enabled = scopeChecks(withoutFulfilment, {
    backfillDays: 7,
    publishes: true,
    shipments: true,
  });
  assert.equal(
    enabled.map((c) => [c.name, c.status]),
    [['scope-write-merchant-managed-fulfillment-orders', 'fail']],
  );
});

test('runtime: Node version floor and end of life; a heap allowed past the memory limit', () => {
  const MiB = 1024 * 1024;
  const rows: [string, number | null, number, [CheckStatus, CheckStatus]][] = [
    ['24.11.0', null, 4096 * MiB, ['ok', 'ok']],
    ['20.20.2', 512 * MiB, 256 * MiB, ['warn', 'ok']],
    ['20.10.0', 512 * MiB, 4096 * MiB, ['fail', 'warn']],
    ['22.12.0', 128 * MiB, 64 * MiB, ['ok', 'warn']],
  ];
  for (const [nodeVersion, memoryLimitBytes, heapLimitBytes, expected] of rows)
    assert.equal(
      runtimeChecks({ nodeVersion, memoryLimitBytes, heapLimitBytes }).map((c) => c.status),
      expected,
      nodeVersion,
    );
  const oom = runtimeChecks({
    nodeVersion: '24.1.0',
    memoryLimitBytes: 512 * MiB,
    heapLimitBytes: 2048 * MiB,
  })[1];
  assert.match(oom?.action ?? '', /--max-old-space-size=384/);
});

test('clock skew from the Date header', () => {
  assert.is(clockSkewCheck(new Date(NOW.getTime() - 2000).toUTCString(), NOW).status, 'ok');
  const ahead = clockSkewCheck(new Date(NOW.getTime() - 120_000).toUTCString(), NOW);
  assert.is(ahead.status, 'warn');
  assert.match(ahead.found, /120 s ahead/);
  assert.is(clockSkewCheck(null, NOW).status, 'skip');
});

test.run();
