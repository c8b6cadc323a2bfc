import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCommandLine } from '../../src/cli/command-line.js';

const rows: [string, string[], string, string?][] = [
  ['no arguments shows help', [], 'help'],
  ['--version', ['--version'], 'version'],
  ['a job', ['sync-orders'], 'run'],
  ['a job with a flag', ['sync-to-shopify', '--dry-run'], 'run'],
  ['a flag with a value', ['sync-orders', '--trigger', 'manual'], 'run'],
  ['a flag with an inline value', ['sync-orders', '--trigger=manual'], 'run'],
  ['help after a command', ['migrate', '--help'], 'help'],
  ['unknown command', ['sync-everything'], 'usage-error', "unknown command 'sync-everything'"],
  ['unknown flag', ['sync-orders', '--fast'], 'usage-error', "unknown option '--fast' for sync-orders"],
  ['flag of another command', ['sync-orders', '--force-archive'], 'usage-error', "unknown option '--force-archive'"],
  ['missing value', ['sync-orders', '--trigger'], 'usage-error', "option '--trigger' needs a value"],
  ['value on a switch', ['sync-orders', '--dry-run=yes'], 'usage-error', "option '--dry-run' takes no value"],
  ['extra argument', ['sync-orders', 'now'], 'usage-error', "unexpected argument 'now'"],
  ['migrate needs an action', ['migrate'], 'usage-error', 'missing argument'],
  ['migrate up', ['migrate', 'up'], 'run'],
];

for (const [name, argv, kind, message] of rows) {
  test(name, () => {
    const parsed = parseCommandLine(argv);
    assert.is(parsed.kind, kind);
    if (message !== undefined && parsed.kind === 'usage-error') assert.ok(parsed.message.includes(message), parsed.message);
  });
}

test('flags are returned by name', () => {
  const parsed = parseCommandLine(['sync-to-shopify', '--dry-run', '--trigger', 'manual']);
  assert.ok(parsed.kind === 'run');
  if (parsed.kind === 'run') assert.equal(parsed.flags, { 'dry-run': true, trigger: 'manual' });
});

test.run();
