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
  [
    'unknown flag',
    ['sync-orders', '--fast'],
    'usage-error',
    "unknown option '--fast' for sync-orders",
  ],
  [
    'flag of another command',
    ['sync-orders', '--force-archive'],
    'usage-error',
    "unknown option '--force-archive'",
  ],
  [
    'missing value',
    ['sync-orders', '--trigger'],
    'usage-error',
    "option '--trigger' needs a value",
  ],
  [
    'value on a switch',
    ['sync-orders', '--dry-run=yes'],
    'usage-error',
    "option '--dry-run' takes no value",
  ],
  ['extra argument', ['sync-orders', 'now'], 'usage-error', "unexpected argument 'now'"],
  ['migrate needs an action', ['migrate'], 'usage-error', 'missing argument'],
  ['migrate up', ['migrate', 'up'], 'run'],
  ['status with a shop', ['status', '--json', '--shop', 'a.myshopify.com'], 'run'],
  ['orders show', ['orders', 'show', '#1001'], 'run'],
  ['orders retry many', ['orders', 'retry', '1', '2', '3', '--dry-run'], 'run'],
  ['orders retry --all-dead', ['orders', 'retry', '--all-dead'], 'run'],
  ['orders needs an action', ['orders'], 'usage-error', 'missing argument'],
  ['errors of a run', ['errors', '--run', '12', '--limit', '5'], 'run'],
  ['errors takes no argument', ['errors', '12'], 'usage-error', "unexpected argument '12'"],
  ['resync products', ['resync', 'products', 'P1', 'P2'], 'run'],
  ['resync needs ids', ['resync', 'products'], 'usage-error', 'missing argument'],
  ['worker', ['worker', '--run-at-start'], 'run'],
  [
    'worker has no dry run',
    ['worker', '--dry-run'],
    'usage-error',
    "unknown option '--dry-run' for worker",
  ],
];

for (const [name, argv, kind, message] of rows) {
  test(name, () => {
    const parsed = parseCommandLine(argv);
    assert.is(parsed.kind, kind);
    if (message !== undefined && parsed.kind === 'usage-error')
      assert.ok(parsed.message.includes(message), parsed.message);
  });
}

test('flags are returned by name', () => {
  const parsed = parseCommandLine(['sync-to-shopify', '--dry-run', '--trigger', 'manual']);
  assert.ok(parsed.kind === 'run');
  if (parsed.kind === 'run') assert.equal(parsed.flags, { 'dry-run': true, trigger: 'manual' });
});

test.run();
