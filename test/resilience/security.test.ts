/**
 * Security checks that are not scenarios:
 * - every SQL statement is parameterised: no `query(` in src/adapters/postgres or src/adapters/lock
 *   interpolates into its SQL, except the constants allow-listed below;
 * - `npm audit --omit=dev` is clean, or each finding is explained here (when the audit endpoint
 *   cannot be reached the check reports that and passes: CI must not fail on a registry outage).
 * No secret in captured output is checked at the end of every scenario file (captured-output.ts);
 * the image running as a non-root numeric user is checked in test/chart/dockerfile-skaffold.test.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../../scripts/support/run-cli.js';
import { constantsOf, listTsFiles, scanSql, unplainConstant } from './support/sql-scan.js';

/** file -> expressions allowed in SQL there, each a constant that no input can reach. */
const SQL_ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // The migrations table name: a module constant ('pgmigrations').
  'src/adapters/postgres/migrate.ts': ['MIGRATIONS_TABLE'],
  // A fixed LATERAL join fragment shared by three statements; a module constant.
  'src/adapters/postgres/operator-status.ts': ['RUN_COLUMNS_JOIN'],
  // The quiet-run check's statement and the push's claim: module constants, so their plan tests
  // EXPLAIN the same text.
  'src/adapters/postgres/order-store.ts': ['STORED_WINDOW_SQL', 'CLAIM_DUE_SQL'],
  // A shipment's order by Shopify id or by API X reference: two module constants, one picked
  // by whether the id is known, so their plan test EXPLAINs the same text.
  'src/adapters/postgres/shipment-store.ts': ['byId ? ORDER_BY_ID_SQL : ORDER_BY_REFERENCE_SQL'],
  // The columns of a remembered stock level, read by two statements: a module constant.
  'src/adapters/postgres/inventory-state.ts': ['SENT_COLUMNS'],
  // One of four module-constant DELETE/UPDATE statements, picked by a key of the same object.
  'src/adapters/postgres/retention.ts': ['PURGES[table]'],
  // One of two module-constant ANALYZE statements, picked by a key of the same object.
  'src/adapters/postgres/catalog/analyze-when-changed.ts': ['ANALYZE[table]'],
};

test('every allow-listed constant is plain SQL text: a literal, or an object of literals', () => {
  const problems = Object.entries(SQL_ALLOWED).flatMap(([file, expressions]) =>
    expressions
      .flatMap(constantsOf)
      .map((name) => unplainConstant(path.join(ROOT, file), name))
      .filter((p): p is string => p !== null)
      .map((p) => `${file}: ${p}`),
  );
  assert.equal(problems, []);
  // Each allow-listed expression names at least one constant (else nothing above checked it).
  for (const expressions of Object.values(SQL_ALLOWED))
    for (const e of expressions) assert.ok(constantsOf(e).length > 0, e);
});

test('the constant check catches an allow-listed constant that is not plain text', () => {
  const text =
    [
      "export const PLAIN = 'SELECT 1';",
      'const MULTI = `SELECT $1\n  FROM t`;',
      "const BY_KEY = {\n  // why\n  a: 'ANALYZE a',\n  b: `DELETE FROM b WHERE id = $1`,\n} as const satisfies Record<string, string>;",
      'export const TABLE_SQL = `SELECT * FROM ${table} WHERE id = $1`;',
      "const JOINED = 'SELECT * FROM ' + table;",
      'const CALLED = sql(table);',
      "const MIXED = {\n  a: 'ANALYZE a',\n  b: `ANALYZE ${b}`,\n};",
    ].join('\n') + '\n';
  const verdicts = withFixture(text, (file) =>
    ['PLAIN', 'MULTI', 'BY_KEY', 'TABLE_SQL', 'JOINED', 'CALLED', 'MIXED', 'NONE'].map((name) =>
      unplainConstant(file, name),
    ),
  );
  assert.equal(verdicts, [
    null,
    null,
    null,
    'TABLE_SQL interpolates table',
    'JOINED is more than a literal',
    'CALLED is not a string literal',
    'MIXED.b interpolates b',
    'NONE: 0 const declarations',
  ]);
});

/** `read` of a file holding `text`, in a directory of its own removed afterwards. */
function withFixture<T>(text: string, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(ROOT, '.data', 'sql-scan-'));
  try {
    const file = path.join(dir, 'fixture.ts');
    writeFileSync(file, text);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Advisory id -> why it does not apply. Empty: nothing to explain today. */
const AUDIT_EXPLAINED: Readonly<Record<string, string>> = {};

test('every SQL statement is parameterised (no interpolation but allow-listed constants)', () => {
  const findings = ['src/adapters/postgres', 'src/adapters/lock']
    .flatMap((dir) => listTsFiles(path.join(ROOT, dir)))
    .flatMap(scanSql)
    .map((f) => ({ ...f, file: path.relative(ROOT, f.file) }));
  const unexpected = findings.filter((f) =>
    f.expressions.some((e) => !(SQL_ALLOWED[f.file] ?? []).includes(e)),
  );
  assert.equal(
    unexpected.map((f) => `${f.file}:${f.line} interpolates ${f.expressions.join(', ')}`),
    [],
  );
});

test('the scanner catches an interpolated statement (so a clean scan means something)', () => {
  const found = withFixture(
    'await pool.query<{ a: string }>(\n  `SELECT * FROM t WHERE id = ${id}`, []);\nawait client.query(sql);\nawait pool.query(`SELECT $1`, [x]);\n',
    scanSql,
  );
  assert.equal(
    found.map((f) => f.expressions),
    [['id'], ['sql']],
  );
});

test('npm audit --omit=dev: clean, or every finding explained', async () => {
  let stdout = '';
  try {
    ({ stdout } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], {
      cwd: ROOT,
      timeout: 60_000,
      maxBuffer: 20 * 1024 * 1024,
    }));
  } catch (error) {
    // npm audit exits 1 when it finds something, and when it cannot ask the registry.
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  let report: {
    vulnerabilities?: Record<string, { via: unknown[]; severity: string }>;
    error?: unknown;
    statusCode?: number;
  };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    report = { error: 'no JSON from npm audit' };
  }
  if (!report.vulnerabilities) {
    console.log(
      `npm audit could not run here (${JSON.stringify(report.statusCode ?? report.error ?? 'no report').slice(0, 120)}): not checked, not failed`,
    );
    return;
  }
  const unexplained = Object.entries(report.vulnerabilities).flatMap(([name, v]) =>
    v.via
      .filter(
        (via) =>
          typeof via === 'object' &&
          via !== null &&
          !(String((via as { source?: unknown }).source) in AUDIT_EXPLAINED),
      )
      .map(() => `${name} (${v.severity})`),
  );
  assert.equal(unexplained, [], 'explain each finding in AUDIT_EXPLAINED or upgrade');
});

test.run();
