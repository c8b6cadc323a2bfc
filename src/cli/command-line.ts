/**
 * Parsing the command line against the command table (commands.ts) and the help text. Parsing is
 * pure so it is tested by tables; main.ts turns a usage error into exit code 2.
 */
import type { CommandSpec } from './command-spec.js';
import { COMMANDS } from './commands.js';

export type ParsedCommandLine =
  | { readonly kind: 'help'; readonly command: CommandSpec | null }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CommandSpec;
      readonly flags: Readonly<Record<string, string | true>>;
      readonly positionals: readonly string[];
    }
  | {
      readonly kind: 'usage-error';
      readonly message: string;
      readonly command: CommandSpec | null;
    };

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { kind: 'help', command: null };
  }
  if (first === '--version' || first === '-v') return { kind: 'version' };
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    return { kind: 'usage-error', message: `unknown command '${first}'`, command: null };
  }
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '-h') return { kind: 'help', command };
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const spec = command.flags[name];
    if (!spec)
      return {
        kind: 'usage-error',
        message: `unknown option '--${name}' for ${command.name}`,
        command,
      };
    if (name === 'help') return { kind: 'help', command };
    if (spec.takesValue) {
      const value = inline ?? rest[++i];
      if (value === undefined || value.startsWith('--')) {
        return { kind: 'usage-error', message: `option '--${name}' needs a value`, command };
      }
      flags[name] = value;
    } else {
      if (inline !== undefined)
        return { kind: 'usage-error', message: `option '--${name}' takes no value`, command };
      flags[name] = true;
    }
  }
  if (
    positionals.length < command.positionals.min ||
    positionals.length > command.positionals.max
  ) {
    const extra = positionals.length > command.positionals.max;
    return {
      kind: 'usage-error',
      message: extra
        ? `unexpected argument '${positionals[command.positionals.max] ?? ''}'`
        : 'missing argument',
      command,
    };
  }
  return { kind: 'run', command, flags, positionals };
}

export function generalHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `integration-service ${version}: keeps a Shopify store in step with API X`,
    '',
    'Usage: integration-service <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --help (also after a command), --version',
    'Configuration comes from environment variables; see README.md.',
  ].join('\n');
}

export function commandHelp(command: CommandSpec): string {
  const width = Math.max(...Object.keys(command.flags).map((f) => f.length + 2));
  return [
    `${command.summary}`,
    '',
    `Usage: integration-service ${command.usage}`,
    '',
    'Options:',
    ...Object.entries(command.flags).map(
      ([name, f]) => `  ${`--${name}`.padEnd(width)}  ${f.help}`,
    ),
    ...(command.details ? ['', command.details] : []),
  ].join('\n');
}
