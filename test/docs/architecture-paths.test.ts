import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/*
 * docs/architecture.md is a map by file name; a map naming files that moved is worse than none.
 * Every repository path it mentions (under src/, simulators/, scripts/ or test/) must exist, so a
 * rename that forgets the doc fails here instead of misleading the next newcomer.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOC = 'docs/architecture.md';

/**
 * Repository paths in a text: a top-level folder we check, then path characters. A trailing `/*`
 * or `/` names the folder itself; trailing sentence punctuation is not part of the path.
 */
export function mentionedPaths(text: string): string[] {
  const found = text.match(/(?<![\w./-])(?:src|simulators|scripts|test)\/[\w./*-]*/g) ?? [];
  const paths = found.map((p) =>
    p
      .replace(/[.,]+$/, '')
      .replace(/\/\*$/, '')
      .replace(/\/$/, ''),
  );
  return [...new Set(paths)].sort();
}

test('mentionedPaths: files, folders, globs and punctuation', () => {
  const cases: [string, string[]][] = [
    ['see `src/domain/retry-policy.ts`.', ['src/domain/retry-policy.ts']],
    [
      'ports in src/domain/ports/*, adapters in src/adapters/',
      ['src/adapters', 'src/domain/ports'],
    ],
    [
      '"src/app/usecases/a.ts<br/>src/app/usecases/b.ts"',
      ['src/app/usecases/a.ts', 'src/app/usecases/b.ts'],
    ],
    [
      'simulators/cli.ts, scripts/demo.ts and test/docs/',
      ['scripts/demo.ts', 'simulators/cli.ts', 'test/docs'],
    ],
    ['not a path: mysrc/x.ts or ./src-like/x', []],
  ];
  for (const [text, expected] of cases) assert.equal(mentionedPaths(text), expected, text);
});

test(`every path named in ${DOC} exists`, () => {
  const paths = mentionedPaths(readFileSync(path.join(root, DOC), 'utf8'));
  // The doc is a map by file name: finding few paths means the extraction broke, not the doc.
  assert.ok(paths.length >= 40, `only ${paths.length} paths found in ${DOC}`);
  const missing = paths.filter((p) => !existsSync(path.join(root, p)));
  assert.equal(missing, [], `${DOC} names paths that do not exist: ${missing.join(', ')}`);
});

test.run();
