/**
 * The command line of a bench script. A bench runs for minutes and builds a database and a shop
 * before it measures anything, so a mistyped flag must stop it at once: `--help` prints the
 * script's usage and nothing runs; a flag its usage does not name, or a stray word, is refused
 * with the usage. The usage text is the one list of flags, so it cannot drift from what is read.
 */

/** `--name value` and `--name=value` flags; a flag given without a value reads as "true". */
export function parseFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) flags.set(name, inline);
    else if (next !== undefined && !next.startsWith('--')) flags.set(name, argv[++i] ?? '');
    else flags.set(name, 'true');
  }
  return flags;
}

/** The flags a usage text names (`--products`, `--scenario`, ...), `help` always among them. */
export function flagsNamedIn(usage: string): Set<string> {
  return new Set(['help', ...[...usage.matchAll(/--([a-z][a-z0-9-]*)/g)].map((m) => m[1] ?? '')]);
}

export type CommandLine =
  | { readonly kind: 'help' }
  | { readonly kind: 'refused'; readonly problem: string }
  | { readonly kind: 'flags'; readonly flags: Map<string, string> };

/** What a bench's argv asks for, judged against its usage text (pure; see readBenchArgs). */
export function parseCommandLine(argv: readonly string[], usage: string): CommandLine {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const known = flagsNamedIn(usage);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=', 1)[0] ?? '';
      if (!known.has(name)) return { kind: 'refused', problem: `unknown flag ${arg}` };
      // Its value, if it takes the next word (the same reading as parseFlags).
      const next = argv[i + 1];
      if (!arg.includes('=') && next !== undefined && !next.startsWith('--')) i++;
    } else return { kind: 'refused', problem: `unexpected argument ${JSON.stringify(arg)}` };
  }
  return { kind: 'flags', flags: parseFlags(argv) };
}

/**
 * How the CLI runs: `tsx` (a checkout: `node --import tsx src/cli/main.ts`, which adds the
 * TypeScript loader's memory) or `dist` (as in the image: `node dist/src/cli/main.js`, after
 * `npm run build`).
 */
export type Runtime = 'tsx' | 'dist';

export function runtimeOf(flags: Map<string, string>): Runtime {
  const value = flags.get('runtime') ?? 'tsx';
  if (value !== 'tsx' && value !== 'dist') throw new Error('--runtime must be tsx or dist');
  return value;
}

/** A bench script's command line: `--name value` flags as text or numbers, and the runtime. */
export interface BenchArgs {
  readonly runtime: Runtime;
  text(name: string, fallback: string): string;
  /** A number >= 0; anything else stops the script before it starts anything. */
  number(name: string, fallback: number): number;
}

/**
 * The script's flags. With `usage`, `--help` prints it and exits 0, and anything it does not
 * name prints it and exits 2. Without (scripts that check --help themselves), flags are read
 * as given.
 */
export function readBenchArgs(
  usage?: string,
  argv: readonly string[] = process.argv.slice(2),
): BenchArgs {
  let flags = parseFlags(argv);
  if (usage !== undefined) {
    const line = parseCommandLine(argv, usage);
    if (line.kind === 'help') {
      console.log(usage);
      process.exit(0);
    }
    if (line.kind === 'refused') {
      console.error(`${line.problem}\n\n${usage}`);
      process.exit(2);
    }
    flags = line.flags;
  }
  return {
    runtime: runtimeOf(flags),
    text: (name, fallback) => flags.get(name) ?? fallback,
    number(name, fallback) {
      const value = Number(flags.get(name) ?? fallback);
      if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
      return value;
    },
  };
}
