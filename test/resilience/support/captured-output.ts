import type { CliResult } from '../../../scripts/support/run-cli.js';

/**
 * Every CLI output a resilience file produced, kept so the file can end by scanning all of it
 * for secret values (tokens, the database password): a leak in a rare error path only shows up
 * when that path runs, and these files run the rare paths.
 */
export interface CapturedOutput {
  add(label: string, result: Pick<CliResult, 'stdout' | 'stderr'>): void;
  /** Labels of captured outputs that contain one of `secrets` (never the secret itself). */
  leaks(secrets: readonly string[]): string[];
  size(): number;
}

export function createCapturedOutput(): CapturedOutput {
  const outputs: { label: string; text: string }[] = [];
  return {
    add: (label, result) =>
      void outputs.push({ label, text: `${result.stdout}\n${result.stderr}` }),
    leaks: (secrets) =>
      outputs.flatMap(({ label, text }) =>
        secrets
          .filter((s) => s.length >= 4 && text.includes(s))
          .map((_, i) => `${label} (secret #${i + 1})`),
      ),
    size: () => outputs.length,
  };
}

/** The secret values of a CLI environment: tokens and the database password. */
export function secretsOf(env: Readonly<Record<string, string>>): string[] {
  const secrets = [env['SHOPIFY_ACCESS_TOKEN'], env['APIX_TOKEN']];
  const url = env['DATABASE_URL'];
  if (url) {
    const password = new URL(url).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  }
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}
