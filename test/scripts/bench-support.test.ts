import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { flagsNamedIn, parseCommandLine } from '../../scripts/bench/bench-args.js';
import {
  bulkFloorSeconds,
  floorRatio,
  pacingFloorSeconds,
  readApixFloor,
  type Floors,
} from '../../scripts/bench/floors.js';
import { addInterval, NO_SPLIT, type SplitSample } from '../../scripts/bench/time-split.js';

const USAGE = `usage: npm run bench:x -- [options]
  --products N        products (1000)
  --scenario NAME     initial | all (all)
  --runtime tsx|dist  where the CLI runs from`;

test('flagsNamedIn: every --flag of the usage, and help', () => {
  assert.equal([...flagsNamedIn(USAGE)].sort(), ['help', 'products', 'runtime', 'scenario']);
});

// A bench must refuse a mistyped flag before it builds anything, and --help must run nothing.
const lines: [string, string[], 'help' | RegExp | Record<string, string>][] = [
  ['nothing: defaults', [], {}],
  ['--help wins over the rest', ['--products', '5', '--help'], 'help'],
  ['-h', ['-h'], 'help'],
  ['--help with an unknown flag still helps', ['--nope', '--help'], 'help'],
  ['value as the next word', ['--products', '5'], { products: '5' }],
  ['value after =', ['--products=5', '--scenario', 'all'], { products: '5', scenario: 'all' }],
  ['flag without a value', ['--scenario'], { scenario: 'true' }],
  ['unknown flag refused', ['--produts', '5'], /unknown flag --produts/],
  ['unknown flag with = refused', ['--nope=1'], /unknown flag --nope=1/],
  ['stray word refused', ['5000'], /unexpected argument "5000"/],
  ['stray word after a flag with =', ['--products=5', 'x'], /unexpected argument "x"/],
  ['a value that looks like a word is a value', ['--scenario', 'initial'], { scenario: 'initial' }],
];
for (const [name, argv, expected] of lines) {
  test(`parseCommandLine: ${name}`, () => {
    const line = parseCommandLine(argv, USAGE);
    if (expected === 'help') assert.equal(line.kind, 'help');
    else if (expected instanceof RegExp) {
      assert.equal(line.kind, 'refused');
      if (line.kind === 'refused') assert.match(line.problem, expected);
    } else {
      assert.equal(line.kind, 'flags');
      if (line.kind === 'flags') assert.equal(Object.fromEntries(line.flags), expected);
    }
  });
}

const pacing: [string, number, number, number, number][] = [
  ['within the bucket: free', 1500, 2000, 100, 0],
  ['exactly the bucket', 2000, 2000, 100, 0],
  ['beyond the bucket at the restore rate', 6830, 2000, 100, 48.3],
  ['another plan', 12000, 10000, 1000, 2],
];
for (const [name, points, bucket, rate, seconds] of pacing) {
  test(`pacingFloorSeconds: ${name}`, () => {
    assert.ok(Math.abs(pacingFloorSeconds(points, bucket, rate) - seconds) < 1e-9);
  });
}

test('bulkFloorSeconds: lines over the rate', () => {
  assert.equal(bulkFloorSeconds(300_000, 500), 600);
  assert.equal(bulkFloorSeconds(0, 500), 0);
});

const floors: Floors = { apix: 2, copy: 0.5, pacing: 1.5, bulk: null };
const ratios: [
  string,
  number,
  Floors,
  ('apix' | 'copy' | 'pacing' | 'bulk')[],
  number,
  number | null,
][] = [
  ['sum of those that apply', 8, floors, ['apix', 'copy', 'pacing'], 4, 2],
  ['an unmeasured floor is left out', 8, floors, ['apix', 'bulk'], 2, 4],
  ['only some apply', 3, floors, ['apix'], 2, 1.5],
  ['no floor: no ratio', 3, floors, [], 0, null],
  [
    'all unmeasured: no ratio',
    3,
    { apix: null, copy: null, pacing: 0, bulk: null },
    ['apix', 'pacing'],
    0,
    null,
  ],
];
for (const [name, wall, f, applies, floorSeconds, ratio] of ratios) {
  test(`floorRatio: ${name}`, () => {
    assert.equal(floorRatio(wall, f, applies), { floorSeconds, ratio });
  });
}

const at = (ms: number, bulkActive: boolean, lastMutationAt: number | null): SplitSample => ({
  at: ms,
  bulkActive,
  lastMutationAt,
});
const intervals: [
  string,
  SplitSample,
  SplitSample,
  { bulkSeconds: number; pacedSeconds: number },
][] = [
  ['idle: neither', at(0, false, null), at(200, false, null), NO_SPLIT],
  [
    'a mutation inside: paced',
    at(0, false, null),
    at(200, false, 150),
    { bulkSeconds: 0, pacedSeconds: 0.2 },
  ],
  ['no new mutation: neither', at(0, false, 150), at(200, false, 150), NO_SPLIT],
  [
    'bulk starts (its own mutation): bulk',
    at(0, false, null),
    at(200, true, 100),
    { bulkSeconds: 0.2, pacedSeconds: 0 },
  ],
  [
    'bulk ends: still bulk',
    at(0, true, 100),
    at(200, false, 100),
    { bulkSeconds: 0.2, pacedSeconds: 0 },
  ],
  [
    'mutations while bulk runs: bulk',
    at(0, true, 100),
    at(200, true, 180),
    { bulkSeconds: 0.2, pacedSeconds: 0 },
  ],
  ['clock going back adds nothing', at(200, true, null), at(100, true, null), NO_SPLIT],
];
for (const [name, from, to, expected] of intervals) {
  test(`addInterval: ${name}`, () => {
    assert.equal(addInterval(NO_SPLIT, from, to), expected);
  });
}

test('addInterval accumulates', () => {
  const once = addInterval(NO_SPLIT, at(0, false, null), at(200, true, 10));
  assert.equal(addInterval(once, at(200, false, 10), at(400, false, 300)), {
    bulkSeconds: 0.2,
    pacedSeconds: 0.2,
  });
});

test('readApixFloor: every page of the three lists; at once, products and prices overlap after categories', async () => {
  // Two pages per list; each answer is held a few ms so that overlapping reads are seen overlapping.
  let inFlight = 0;
  const log: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    inFlight += 1;
    log.push(`${url.pathname} start ${inFlight}`);
    setTimeout(() => {
      inFlight -= 1;
      const cursor = url.searchParams.get('cursor');
      res.end(JSON.stringify({ data: [1, 2], nextCursor: cursor === null ? 'next' : null }));
    }, 5);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const mode of ['sequential', 'together'] as const) {
      log.length = 0;
      const read = await readApixFloor(base, 't', { mode });
      assert.equal([read.pages, read.records], [6, 12], mode);
      const most = Math.max(...log.map((l) => Number(l.split(' ')[2])));
      assert.is(most, mode === 'together' ? 2 : 1, mode);
      assert.ok(log[0]?.startsWith('/v1/categories') && log[1]?.startsWith('/v1/categories'));
    }
  } finally {
    server.close();
  }
});

test.run();
