import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CHART_DIR, run, tempDir, tool, type RunResult } from './tools.js';

export const ALERT_RULES_FILE = path.join(CHART_DIR, 'files/alert-rules.yaml');
export const DASHBOARD_FILE = path.join(CHART_DIR, 'files/dashboard.json');

export interface RuleFile {
  groups: {
    name: string;
    rules: { alert?: string; record?: string; expr: string; for?: string }[];
  }[];
}

export function readAlertRules(): RuleFile {
  return parse(readFileSync(ALERT_RULES_FILE, 'utf8')) as RuleFile;
}

/** `promtool check rules` on rule-file text; it parses every expression. */
export function checkRules(text: string): RunResult {
  const file = path.join(tempDir('rules'), 'rules.yaml');
  writeFileSync(file, text);
  return run(tool('promtool'), ['check', 'rules', file]);
}

/**
 * `promtool test rules`: the rule file and promtool unit tests (evaluated every minute) written to
 * a fresh directory. `testsYaml` is the test file as promtool read it, for failure messages.
 */
export function testRules(
  name: string,
  rules: unknown,
  tests: readonly unknown[],
): RunResult & { testsYaml: string } {
  const dir = tempDir(name);
  writeFileSync(path.join(dir, 'rules.yaml'), stringify(rules));
  const testsYaml = stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests });
  writeFileSync(path.join(dir, 'tests.yaml'), testsYaml);
  return { ...run(tool('promtool'), ['test', 'rules', path.join(dir, 'tests.yaml')]), testsYaml };
}

/** Expressions as recording rules, so promtool parses them (dashboards have no rule syntax of their own). */
export function asRecordingRules(exprs: readonly string[]): string {
  return stringify({
    groups: [
      {
        name: 'parse-only',
        rules: exprs.map((expr, i) => ({ record: `parse_only:expr_${i}`, expr })),
      },
    ],
  });
}

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects. Strings, label matchers, grouping clauses, ranges
 * and offsets are removed first; then every identifier not followed by "(" (a function or an
 * aggregation) and not a keyword is a metric name.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+-?[0-9a-z]+/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/(?<![0-9.a-zA-Z_:])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const rest = stripped.slice((m.index ?? 0) + m[0].length);
    if (/^\s*\(/.test(rest) || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names].sort();
}

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

/** Every PromQL expression of the dashboard (panel targets, and the selector inside label_values()). */
export function dashboardExprs(): { where: string; expr: string }[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
  const exprs = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr })),
  );
  for (const v of dashboard.templating.list) {
    const m = /^label_values\((.+),\s*[a-zA-Z_]+\)$/.exec(v.definition ?? '');
    if (m?.[1]) exprs.push({ where: `variable ${v.name}`, expr: m[1] });
  }
  return exprs;
}
