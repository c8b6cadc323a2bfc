import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { peaksOf } from '../../scripts/bench/connection-watch.js';

// One poll's rows (application_name, connections) -> the total and the most one service process
// held: its pool ("integration-service <id>") and its lock ("integration-service:<id>") together.
const polls: [string, { app: string; n: number }[], { total: number; perProcess: number }][] = [
  ['nobody', [], { total: 0, perProcess: 0 }],
  [
    'pool and lock of one process count together',
    [
      { app: 'integration-service host-41', n: 3 },
      { app: 'integration-service:host-41', n: 1 },
    ],
    { total: 4, perProcess: 4 },
  ],
  [
    'two processes: the larger',
    [
      { app: 'integration-service host-41', n: 2 },
      { app: 'integration-service host-42', n: 3 },
      { app: 'integration-service:host-41', n: 1 },
    ],
    { total: 6, perProcess: 3 },
  ],
  [
    "the bench's own pool counts in the total, in no process",
    [
      { app: '', n: 2 },
      { app: 'integration-service host-41', n: 1 },
    ],
    { total: 3, perProcess: 1 },
  ],
];
for (const [name, rows, expected] of polls) {
  test(`peaksOf: ${name}`, () => {
    assert.equal(peaksOf(rows), expected);
  });
}

test.run();
