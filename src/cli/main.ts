#!/usr/bin/env node
/**
 * The only entry point: reads argv and the environment, calls a command, maps its outcome to an
 * exit code. Nothing below this file reads process.env or calls process.exit.
 */
import { ConfigError } from '../domain/errors.js';
import { packageVersion } from '../infra/package-root.js';
import { commandHelp, generalHelp, parseCommandLine } from './command-line.js';
import { EXIT } from './exit-codes.js';
import { runCommand } from './run-command.js';
import { createShutdown } from './shutdown.js';

async function main(): Promise<number> {
  const parsed = parseCommandLine(process.argv.slice(2));
  switch (parsed.kind) {
    case 'help':
      process.stdout.write(
        (parsed.command ? commandHelp(parsed.command) : generalHelp(packageVersion())) + '\n',
      );
      return EXIT.ok;
    case 'version':
      process.stdout.write(packageVersion() + '\n');
      return EXIT.ok;
    case 'usage-error':
      process.stderr.write(
        `integration-service: ${parsed.message}\n\n${parsed.command ? commandHelp(parsed.command) : generalHelp(packageVersion())}\n`,
      );
      return EXIT.usage;
    case 'run':
      break;
  }

  const shutdown = createShutdown({
    exit: (code) => process.exit(code),
    write: (text) => process.stderr.write(text),
  });
  process.on('SIGTERM', () => shutdown.onSignal('SIGTERM'));
  process.on('SIGINT', () => shutdown.onSignal('SIGINT'));

  try {
    const code = await runCommand(parsed, {
      env: process.env,
      signal: shutdown.signal,
      shutdownTimeout: (seconds) => shutdown.setTimeoutSeconds(seconds),
      stdout: process.stdout,
      stderr: process.stderr,
      interactive: process.stdout.isTTY === true,
      progressOnStderr: process.stderr.isTTY === true,
    });
    return shutdown.exitCode() ?? code;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `integration-service: ${error.message}\nSee README.md (Configuration) for every variable.\n`,
      );
      return EXIT.usage;
    }
    throw error;
  }
}

// A reader that went away (`errors --json | head -1`) must not turn into an EPIPE crash; the
// command's own outcome still decides the exit code.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

/**
 * Resolves once the stream has handed every byte to the OS, or can take no more. A pipe takes
 * 64 KB; the rest waits in the process until the reader reads. Exiting before that cut
 * `errors --json | (sleep 3; cat)` at exactly 65,536 bytes.
 */
async function drained(stream: NodeJS.WriteStream): Promise<void> {
  while (stream.writableLength > 0 && !stream.destroyed && !stream.errored)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

async function exitAfterOutput(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  // Everything is written and every command has closed what it opened: leave now. Waiting for
  // the loop to empty cost ~40 ms of every run (closed sockets still winding down), and a stray
  // handle (a socket in keep-alive) would hold us longer.
  process.exit(code);
}

main().then(exitAfterOutput, (error: unknown) => {
  process.stderr.write(
    `integration-service: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return exitAfterOutput(EXIT.failed);
});
