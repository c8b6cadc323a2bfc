/**
 * What `doctor` reports: one line per check, grouped by the system it looked at. A check is a
 * value; the command prints them and derives the exit code from the worst status.
 */

/** ok: a run would work. warn: it would work, with a consequence worth knowing. fail: it would not. skip: not checked (and why). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export type CheckGroup =
  'config' | 'runtime' | 'postgres' | 'shopify' | 'apix' | 'pushgateway' | 'kubernetes';

export interface Check {
  readonly group: CheckGroup;
  /** Stable, kebab-case (scripts match on it): `access-scopes`, `api-version`, ... */
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found, in one line, never a secret. */
  readonly found: string;
  /** For warn and fail: what to do about it. */
  readonly action: string | null;
}

export const check = (
  group: CheckGroup,
  name: string,
  status: CheckStatus,
  found: string,
  action: string | null = null,
): Check => ({ group, name, status, found, action });

export const GROUP_ORDER: readonly CheckGroup[] = [
  'config',
  'runtime',
  'postgres',
  'shopify',
  'apix',
  'pushgateway',
  'kubernetes',
];

/** 0 when a run would work (only ok, warn, skip), 1 when any check failed. */
export function doctorExitCode(checks: readonly Check[]): 0 | 1 {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

export function sortChecks(checks: readonly Check[]): Check[] {
  // Stable sort: checks keep their order inside a group.
  return [...checks].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

const LABEL: Readonly<Record<CheckStatus, string>> = {
  ok: 'ok  ',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'skip',
};

/** The human report: one line per check, the action indented under it, a closing verdict. */
export function formatChecks(checks: readonly Check[]): string {
  const sorted = sortChecks(checks);
  const width = Math.max(...sorted.map((c) => `${c.group}/${c.name}`.length));
  const lines = sorted.flatMap((c) => [
    `${LABEL[c.status]}  ${`${c.group}/${c.name}`.padEnd(width)}  ${c.found}`,
    ...(c.action && (c.status === 'warn' || c.status === 'fail')
      ? [`      ${' '.repeat(width)}  -> ${c.action}`]
      : []),
  ]);
  const count = (s: CheckStatus) => sorted.filter((c) => c.status === s).length;
  const fails = count('fail');
  lines.push(
    '',
    fails > 0
      ? `doctor: ${fails} check(s) failed, ${count('warn')} warning(s): a run would fail (exit 1)`
      : `doctor: no check failed, ${count('warn')} warning(s): a run would work (exit 0)`,
  );
  return lines.join('\n');
}
