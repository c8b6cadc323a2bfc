import type { Writable } from 'node:stream';
import type { Config, ConfigScope } from '../config/config.js';
import type { Logger } from '../domain/ports/logger.js';

export interface FlagSpec {
  readonly takesValue: boolean;
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/**
 * The flags given, typed by the command's entry in the table: a flag that takes a value gives its
 * text, a switch gives `true`; a flag not given is absent. Reading a flag the command does not
 * have is a type error.
 */
export type FlagValues<F extends FlagSpecs> = {
  readonly [K in keyof F]?: F[K]['takesValue'] extends true
    ? string
    : F[K]['takesValue'] extends false
      ? true
      : string | true;
};

export interface CommandArgs<F extends FlagSpecs = FlagSpecs> {
  readonly flags: FlagValues<F>;
  readonly positionals: readonly string[];
}

export interface CommandIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  /** Told SHUTDOWN_TIMEOUT_SECONDS once the configuration is read (the shutdown watchdog's). */
  readonly shutdownTimeout?: (seconds: number) => void;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** stdout is a terminal: print for a person (plans, tables) besides the lines for scripts. */
  readonly interactive?: boolean;
  /** stderr is a terminal: long steps draw a progress bar there. */
  readonly progressOnStderr?: boolean;
}

/** What a command that reads the configuration up front is given. */
export interface CommandEnv {
  readonly config: Config;
  readonly logger: Logger;
  /** One line for an operator, without secrets. */
  readonly describeError: (error: unknown) => string;
}

interface CommandBase<F extends FlagSpecs> {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: F;
  readonly positionals: { readonly min: number; readonly max: number };
  /** More help after the options (e.g. the keys of --json output). */
  readonly details?: string;
}

/** A command run after the configuration (of this scope) was read; its errors are usage errors. */
export interface ConfiguredCommand<F extends FlagSpecs = FlagSpecs> extends CommandBase<F> {
  readonly config: ConfigScope;
  // Method syntax: the table holds commands of different flags as CommandSpec (bivariant).
  run(args: CommandArgs<F>, io: CommandIo, env: CommandEnv): Promise<number>;
}

/** A command that reads the configuration itself (doctor: its problems are findings). */
export interface SelfConfiguredCommand<F extends FlagSpecs = FlagSpecs> extends CommandBase<F> {
  readonly config: 'own';
  run(args: CommandArgs<F>, io: CommandIo): Promise<number>;
}

export type CommandSpec<F extends FlagSpecs = FlagSpecs> =
  ConfiguredCommand<F> | SelfConfiguredCommand<F>;

/** Keeps the flags' literal types, so `run` gets them typed. */
export function defineCommand<const F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}
