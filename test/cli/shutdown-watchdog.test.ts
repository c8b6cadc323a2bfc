import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { parseCommandLine } from '../../src/cli/command-line.js';
import { runCommand } from '../../src/cli/run-command.js';
import { createShutdown, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS } from '../../src/cli/shutdown.js';

/** A shutdown whose timers are held here and fired by hand: no wall clock involved. */
function harness() {
  const timers: { run: () => void; ms: number; unrefed: boolean }[] = [];
  const exits: number[] = [];
  let written = '';
  const shutdown = createShutdown({
    exit: (code) => exits.push(code),
    write: (text) => (written += text),
    setTimer: (run, ms) => {
      const timer = { run, ms, unrefed: false };
      timers.push(timer);
      return {
        unref() {
          timer.unrefed = true;
        },
      };
    },
  });
  return { shutdown, timers, exits, written: () => written };
}

test('SIGTERM aborts the run and arms an unref’d watchdog of SHUTDOWN_TIMEOUT_SECONDS; when it fires the process exits 143', () => {
  const h = harness();
  h.shutdown.setTimeoutSeconds(7);
  h.shutdown.onSignal('SIGTERM');
  assert.ok(h.shutdown.signal.aborted);
  assert.is(h.shutdown.exitCode(), 143);
  assert.is(h.timers.length, 1);
  assert.is(h.timers[0]?.ms, 7000);
  assert.ok(h.timers[0]?.unrefed, 'the watchdog never keeps a finished process alive');
  assert.equal(h.exits, []);
  h.timers[0]?.run();
  assert.equal(h.exits, [143]);
  assert.match(h.written(), /shutdown took longer than 7s, exiting now/);
});

test('SIGINT exits 130; a second signal arms no second watchdog', () => {
  const h = harness();
  h.shutdown.onSignal('SIGINT');
  h.shutdown.onSignal('SIGTERM');
  assert.is(h.timers.length, 1);
  assert.is(h.shutdown.exitCode(), 130);
  h.timers[0]?.run();
  assert.equal(h.exits, [130]);
});

test('before the configuration is read the watchdog uses the default timeout', () => {
  const h = harness();
  h.shutdown.onSignal('SIGTERM');
  assert.is(h.timers[0]?.ms, DEFAULT_SHUTDOWN_TIMEOUT_SECONDS * 1000);
});

test('no signal: nothing aborted, no watchdog, no exit code of its own', () => {
  const h = harness();
  assert.not.ok(h.shutdown.signal.aborted);
  assert.is(h.shutdown.exitCode(), null);
  assert.is(h.timers.length, 0);
});

test('a command tells the watchdog the configured SHUTDOWN_TIMEOUT_SECONDS once it read the configuration', async () => {
  const parsed = parseCommandLine(['migrate', 'status']);
  if (parsed.kind !== 'run') throw new Error(parsed.kind);
  const told: number[] = [];
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  // Nothing listens on port 1: the command fails at once, after the configuration was read.
  const code = await runCommand(parsed, {
    env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SHUTDOWN_TIMEOUT_SECONDS: '9' },
    signal: new AbortController().signal,
    shutdownTimeout: (seconds) => told.push(seconds),
    stdout: sink(),
    stderr: sink(),
  });
  assert.is(code, 1);
  assert.equal(told, [9]);
});

test.run();
