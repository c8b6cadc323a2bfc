import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One `query(` call whose SQL is not a plain literal: an interpolated template or a non-literal. */
export interface SqlFinding {
  readonly file: string;
  readonly line: number;
  /** The interpolated expressions (`${...}` contents), or the non-literal first argument. */
  readonly expressions: readonly string[];
}

export function listTsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listTsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** Reads a template literal starting at the backtick `start`; returns its end and `${}` parts. */
function readTemplate(text: string, start: number): { end: number; expressions: string[] } {
  const expressions: string[] = [];
  let i = start + 1;
  while (i < text.length && text[i] !== '`') {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '$' && text[i + 1] === '{') {
      let depth = 1;
      const from = i + 2;
      i = from;
      while (i < text.length && depth > 0) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth--;
        i++;
      }
      expressions.push(text.slice(from, i - 1).trim());
    } else i++;
  }
  return { end: i, expressions };
}

/**
 * Finds `.query(` / `.query<...>(` (and `q(`) calls in `file` whose SQL interpolates (`${...}`) or is not a
 * literal at all. Values must travel as $n parameters; what interpolates must be a constant.
 */
export function scanSql(file: string): SqlFinding[] {
  const text = readFileSync(file, 'utf8');
  const findings: SqlFinding[] = [];
  // `.query(` on a pool or client, and `q(`: a one-line wrapper around it, should an adapter use one.
  const call = /(?:\.query|\bq)\s*(<[^()]*?>)?\s*\(\s*/g;
  for (let m = call.exec(text); m; m = call.exec(text)) {
    const at = m.index + m[0].length;
    const line = text.slice(0, m.index).split('\n').length;
    const first = text[at];
    if (first === '`') {
      const { expressions } = readTemplate(text, at);
      if (expressions.length > 0) findings.push({ file, line, expressions });
    } else if (first !== "'" && first !== '"') {
      const arg = /^[^,)]*/.exec(text.slice(at))?.[0].trim() ?? '';
      findings.push({ file, line, expressions: [arg] });
    }
  }
  return findings;
}

/** The constants an allow-listed expression reads: its UPPER_CASE names (`PURGES[table]`: PURGES). */
export function constantsOf(expression: string): string[] {
  return expression.match(/\b[A-Z][A-Z0-9_]*\b/g) ?? [];
}

/** Skips spaces and comments from `i`. */
function skipBlank(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('//', i))
      i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i) + 2;
    else return i;
  }
}

/**
 * Reads a plain string at `i`: a quoted literal, or a template without `${}`. Returns the index
 * after it, or why it is not one.
 */
function readPlainString(text: string, i: number): number | string {
  const quote = text[i];
  if (quote === '`') {
    const { end, expressions } = readTemplate(text, i);
    return expressions.length > 0 ? `interpolates ${expressions.join(', ')}` : end + 1;
  }
  if (quote !== "'" && quote !== '"') return 'is not a string literal';
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === quote) return j + 1;
  }
  return 'has an unterminated string';
}

/**
 * Why the module constant `name` in `file` is not plain SQL text, or null when it is: a string
 * literal or a template without `${}`, or an object literal of such strings (one statement per
 * key), declared once as `const NAME =`. An allow-listed constant built from anything else
 * (a template with `${}`, a call, another name) could carry input into SQL.
 */
export function unplainConstant(file: string, name: string): string | null {
  const text = readFileSync(file, 'utf8');
  const declarations = [
    ...text.matchAll(new RegExp(`\\bconst\\s+${name}\\s*(?::[^=]*)?=\\s*`, 'g')),
  ];
  if (declarations.length !== 1) return `${name}: ${declarations.length} const declarations`;
  const declaration = declarations[0]!;
  let i = declaration.index + declaration[0].length;
  // Nothing may follow the text but the end of the statement (`as const`, `satisfies T` are
  // types); `'a' + b` is not plain.
  const ends = (at: number): string | null =>
    /^(?:\s*as\s+const)?(?:\s*satisfies\s[^;=]+)?\s*;/.test(text.slice(at))
      ? null
      : `${name} is more than a literal`;
  if (text[i] !== '{') {
    const after = readPlainString(text, i);
    return typeof after === 'string' ? `${name} ${after}` : ends(after);
  }
  i = skipBlank(text, i + 1);
  while (text[i] !== '}') {
    const key = /^(?:[A-Za-z_$][\w$]*|'[^']*'|"[^"]*")\s*:\s*/.exec(text.slice(i));
    if (!key) return `${name}: an entry that is not \`key: 'SQL'\``;
    const after = readPlainString(text, i + key[0].length);
    if (typeof after === 'string') return `${name}.${key[0].replace(/\s*:\s*$/, '')} ${after}`;
    i = skipBlank(text, after);
    if (text[i] === ',') i = skipBlank(text, i + 1);
    else if (text[i] !== '}') return `${name}: an entry that is not \`key: 'SQL'\``;
  }
  return ends(i + 1);
}
