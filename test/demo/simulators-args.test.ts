import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseSimulatorsArgs, SIMULATORS_DEFAULTS, shellExports } from '../../simulators/cli.js';

// `npm run simulators` options: flags win over the environment, which wins over the defaults.
const rows: [
  string,
  string[],
  Record<string, string>,
  Record<string, unknown> | RegExp | 'help',
][] = [
  [
    'defaults',
    [],
    {},
    { shopifyPort: 4321, apixPort: 4322, products: 3000, orders: 25, orderEverySeconds: 10 },
  ],
  [
    'environment ports',
    [],
    { SHOPIFY_SIM_PORT: '5001', APIX_SIM_PORT: '5002' },
    { shopifyPort: 5001, apixPort: 5002 },
  ],
  [
    'flags win over the environment',
    ['--shopify-port', '6001'],
    { SHOPIFY_SIM_PORT: '5001' },
    { shopifyPort: 6001 },
  ],
  [
    'sizes and no order stream',
    ['--products', '10', '--orders', '0', '--order-every', '0', '--seed', '9'],
    {},
    { products: 10, orders: 0, orderEverySeconds: 0, seed: 9 },
  ],
  [
    'port out of range',
    ['--apix-port', '70000'],
    {},
    /--apix-port \/ APIX_SIM_PORT must be a whole number from 0 to 65535 \(got '70000'\)/,
  ],
  [
    'every problem at once',
    ['--products', 'many', '--categories', '0'],
    {},
    /--products.*\n--categories/,
  ],
  ['unknown flag', ['--fast'], {}, /Unknown option '--fast'/],
  ['help', ['-h'], {}, 'help'],
];

for (const [name, argv, env, expected] of rows) {
  test(name, () => {
    const r = parseSimulatorsArgs(argv, env);
    if (expected === 'help') return assert.is(r.kind, 'help');
    if (expected instanceof RegExp) {
      assert.is(r.kind, 'error');
      return assert.match(r.kind === 'error' ? r.message : '', expected);
    }
    assert.is(r.kind, 'run', JSON.stringify(r));
    if (r.kind !== 'run') return;
    const actual: Record<string, unknown> = {
      ...SIMULATORS_DEFAULTS,
      ...r.options,
      orderEverySeconds: r.orderEverySeconds,
    };
    for (const [k, v] of Object.entries(expected)) assert.is(actual[k], v, k);
  });
}

test('shell exports quote values so they paste safely', () => {
  assert.is(shellExports({ A: 'plain', B: "it's" }), `export A='plain'\nexport B='it'\\''s'`);
});

test.run();
