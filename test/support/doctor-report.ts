import * as assert from 'uvu/assert';
import type { Check } from '../../src/doctor/check.js';
import { runCli } from '../../scripts/support/run-cli.js';

/** What `doctor --json` prints. */
export interface DoctorReport {
  readonly exitCode: number;
  readonly shop: string | null;
  readonly checks: readonly Check[];
}

export async function runDoctor(
  env: Record<string, string>,
  args: readonly string[] = [],
): Promise<{ code: number | null; report: DoctorReport; stderr: string }> {
  const r = await runCli(['doctor', '--json', ...args], env);
  try {
    return { code: r.code, report: JSON.parse(r.stdout) as DoctorReport, stderr: r.stderr };
  } catch {
    throw new Error(`doctor printed no JSON report (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

export const findCheck = (report: DoctorReport, group: string, name: string): Check | undefined =>
  report.checks.find((c) => c.group === group && c.name === name);

/** Checks a good setup must report, against the simulators and against a real store alike. */
const EXPECTED_CHECKS: readonly (readonly [string, string])[] = [
  ['postgres', 'migrations'],
  ['postgres', 'privileges'],
  ['postgres', 'custom-id'],
  ['shopify', 'token'],
  ['shopify', 'api-version'],
  ['shopify', 'access-scopes'],
  ['shopify', 'custom-id-product'],
  ['shopify', 'publications'],
  ['shopify', 'protected-customer-data'],
  ['shopify', 'currency'],
  ['shopify', 'rate-limit'],
  ['shopify', 'variant-limit'],
  ['apix', 'contract-categories'],
  ['apix', 'contract-products'],
  ['apix', 'contract-prices'],
  ['apix', 'catalogue-size'],
  ['apix', 'clock-skew'],
];

/** A run would work: exit 0, nothing failed, every system a run needs was looked at. */
export function assertRunWouldWork(code: number | null, report: DoctorReport, stderr = ''): void {
  const failed = report.checks.filter((c) => c.status === 'fail');
  assert.equal(failed, [], stderr);
  assert.is(code, 0);
  assert.is(report.exitCode, 0);
  for (const [group, name] of EXPECTED_CHECKS)
    assert.ok(findCheck(report, group, name), `${group}/${name} reported`);
}

/**
 * Failure modes produced by configuration alone, so they run against a real store as well as the
 * simulators: each names its check, fails it and exits 1.
 */
export const ENV_FAILURE_MODES: readonly {
  readonly title: string;
  readonly check: readonly [string, string];
  readonly found: RegExp;
  readonly env: Readonly<Record<string, string>>;
}[] = [
  {
    title: 'bad token',
    check: ['shopify', 'token'],
    found: /bad token: Shopify answered 401/,
    env: { SHOPIFY_ACCESS_TOKEN: 'shpat_wrong_token' },
  },
  {
    title: 'API version downgraded',
    check: ['shopify', 'api-version'],
    found: /requested 2024-10 but Shopify served \d{4}-\d{2}/,
    env: { SHOPIFY_API_VERSION: '2024-10' },
  },
  {
    title: 'wrong API X token',
    check: ['apix', 'token'],
    found: /wrong API X token: GET \/v1\/categories answered 40[13]/,
    env: { APIX_TOKEN: 'not-the-apix-token' },
  },
];

export function assertNamedFailure(
  code: number | null,
  report: DoctorReport,
  mode: { readonly check: readonly [string, string]; readonly found: RegExp },
): void {
  const [group, name] = mode.check;
  const c = findCheck(report, group, name);
  assert.ok(c, `${group}/${name} in ${JSON.stringify(report.checks, null, 1)}`);
  assert.is(c?.status, 'fail', c?.found);
  assert.match(c?.found ?? '', mode.found);
  assert.ok(c?.action, 'says what to do');
  assert.is(code, 1);
  assert.is(report.exitCode, 1);
}
