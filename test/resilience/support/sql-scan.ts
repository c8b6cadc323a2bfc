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
