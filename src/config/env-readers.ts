/**
 * Readers for environment variables. Each takes the raw value (`unknown`: whatever the
 * environment holds), returns the parsed value or records a problem, so that one pass reports
 * every mistake at once. Secret values are never quoted in a problem.
 */
export interface EnvReader {
  string(name: string, options?: { default?: string; secret?: boolean }): string;
  optionalString(name: string): string | null;
  url(
    name: string,
    options?: { default?: string; protocols?: readonly string[]; secret?: boolean },
  ): string;
  optionalUrl(
    name: string,
    options?: { protocols?: readonly string[]; secret?: boolean },
  ): string | null;
  integer(name: string, options: { default: number; min: number; max: number }): number;
  ratio(name: string, options: { default: number }): number;
  boolean(name: string, options: { default: boolean }): boolean;
  oneOf<T extends string>(name: string, values: readonly T[], options: { default: T }): T;
  pattern(name: string, regex: RegExp, options: { default?: string; example: string }): string;
  readonly problems: readonly string[];
}

export function createEnvReader(env: Readonly<Record<string, unknown>>): EnvReader {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name];
    if (typeof value !== 'string') return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const shown = (name: string, value: string, secret: boolean | undefined) =>
    secret ? `${name} (value not shown)` : `${name}=${JSON.stringify(value)}`;

  return {
    problems,
    string(name, options = {}) {
      const value = raw(name) ?? options.default;
      if (value === undefined) {
        problems.push(`${name} is required but not set`);
        return '';
      }
      return value;
    },
    optionalString(name) {
      return raw(name) ?? null;
    },
    url(name, options = {}) {
      const value = raw(name) ?? options.default;
      if (value === undefined) {
        problems.push(`${name} is required but not set`);
        return '';
      }
      return checkUrl(name, value, options.protocols ?? ['http:', 'https:'], options.secret) ?? '';
    },
    optionalUrl(name, options = {}) {
      const value = raw(name);
      return value === undefined
        ? null
        : checkUrl(name, value, options.protocols ?? ['http:', 'https:'], options.secret);
    },
    integer(name, { default: fallback, min, max }) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!/^-?\d+$/.test(value) || n < min || n > max) {
        problems.push(`${shown(name, value, false)} must be a whole number from ${min} to ${max}`);
        return fallback;
      }
      return n;
    },
    ratio(name, { default: fallback }) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 1) {
        problems.push(
          `${shown(name, value, false)} must be a number from 0 to 1 (e.g. 0.2 for 20%)`,
        );
        return fallback;
      }
      return n;
    },
    boolean(name, { default: fallback }) {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(value)) return true;
      if (['0', 'false', 'no', 'off'].includes(value)) return false;
      problems.push(`${shown(name, value, false)} must be true or false`);
      return fallback;
    },
    oneOf(name, values, { default: fallback }) {
      const value = raw(name);
      if (value === undefined) return fallback;
      const match = values.find((v) => v.toLowerCase() === value.toLowerCase());
      if (!match) {
        problems.push(`${shown(name, value, false)} must be one of: ${values.join(', ')}`);
        return fallback;
      }
      return match;
    },
    pattern(name, regex, { default: fallback, example }) {
      const value = raw(name) ?? fallback;
      if (value === undefined) {
        problems.push(`${name} is required but not set (e.g. ${example})`);
        return '';
      }
      if (!regex.test(value)) {
        problems.push(`${shown(name, value, false)} is malformed (expected e.g. ${example})`);
        return '';
      }
      return value;
    },
  };

  function checkUrl(
    name: string,
    value: string,
    protocols: readonly string[],
    secret: boolean | undefined,
  ): string | null {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      problems.push(
        `${secret ? `${name} (value not shown)` : shown(name, value, false)} is not a valid URL`,
      );
      return null;
    }
    if (!protocols.includes(parsed.protocol)) {
      problems.push(
        `${name} must use ${protocols.map((p) => p.replace(':', '')).join(' or ')} (got ${parsed.protocol.replace(':', '')})`,
      );
      return null;
    }
    return value;
  }
}
