import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * docs/api-x.openapi.yaml loaded for tests, with a checker for the JSON Schema keywords the
 * document uses. Enough to hold the simulator's answers and the adapter's order body to the
 * contract without a schema-validator dependency.
 */
export const CONTRACT_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../docs/api-x.openapi.yaml',
);

export type Json = Record<string, unknown>;

export function loadContract(): Json {
  return parse(readFileSync(CONTRACT_PATH, 'utf8')) as Json;
}

/** Follows a local `#/a/b/c` reference; undefined when it points at nothing. */
export function resolveRef(document: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Json)[key] : undefined),
      document,
    );
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Problems of `value` against `schema`, as "path: problem" lines; empty when valid. */
export function checkSchema(document: Json, schema: unknown, value: unknown, at = '$'): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Json;
  if (typeof s['$ref'] === 'string')
    return checkSchema(document, resolveRef(document, s['$ref']), value, at);
  const problems: string[] = [];
  if (Array.isArray(s['allOf']))
    for (const sub of s['allOf']) problems.push(...checkSchema(document, sub, value, at));
  if (Array.isArray(s['oneOf'])) {
    const matching = s['oneOf'].filter(
      (sub) => checkSchema(document, sub, value, at).length === 0,
    ).length;
    if (matching !== 1) problems.push(`${at}: matches ${matching} of oneOf`);
  }
  if (s['type'] !== undefined) {
    const types = (Array.isArray(s['type']) ? s['type'] : [s['type']]) as string[];
    const actual = typeOf(value);
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
      return [...problems, `${at}: is ${actual}, expected ${types.join('|')}`];
    }
  }
  if (Array.isArray(s['enum']) && !s['enum'].includes(value))
    problems.push(`${at}: not one of the enum`);
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof s['minLength'] === 'number' && length < s['minLength'])
      problems.push(`${at}: shorter than ${s['minLength']}`);
    if (typeof s['maxLength'] === 'number' && length > s['maxLength'])
      problems.push(`${at}: longer than ${s['maxLength']}`);
    if (typeof s['pattern'] === 'string' && !new RegExp(s['pattern'], 'u').test(value))
      problems.push(`${at}: does not match ${s['pattern']}`);
  }
  if (typeof value === 'number' && typeof s['minimum'] === 'number' && value < s['minimum'])
    problems.push(`${at}: below ${s['minimum']}`);
  if (typeof value === 'number' && typeof s['maximum'] === 'number' && value > s['maximum'])
    problems.push(`${at}: above ${s['maximum']}`);
  if (Array.isArray(value)) {
    if (typeof s['minItems'] === 'number' && value.length < s['minItems'])
      problems.push(`${at}: fewer than ${s['minItems']} items`);
    if (typeof s['maxItems'] === 'number' && value.length > s['maxItems'])
      problems.push(`${at}: more than ${s['maxItems']} items`);
    if (
      s['uniqueItems'] === true &&
      new Set(value.map((v) => JSON.stringify(v))).size !== value.length
    )
      problems.push(`${at}: items not unique`);
    value.forEach((item, i) =>
      problems.push(...checkSchema(document, s['items'], item, `${at}[${i}]`)),
    );
  }
  if (typeOf(value) === 'object') {
    const o = value as Json;
    for (const key of (s['required'] as string[] | undefined) ?? [])
      if (!(key in o)) problems.push(`${at}: missing ${key}`);
    const properties = (s['properties'] ?? {}) as Json;
    for (const [key, sub] of Object.entries(properties))
      if (key in o) problems.push(...checkSchema(document, sub, o[key], `${at}.${key}`));
  }
  return problems;
}

/** Problems of `value` against `#/components/schemas/<name>`. */
export function checkAgainst(document: Json, name: string, value: unknown): string[] {
  return checkSchema(document, { $ref: `#/components/schemas/${name}` }, value);
}
