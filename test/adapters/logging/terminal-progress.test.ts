import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createTerminalProgress,
  formatProgressLine,
} from '../../../src/adapters/logging/terminal-progress.js';
import { createProgress } from '../../../src/app/usecases/progress.js';
import type { Logger } from '../../../src/domain/ports/logger.js';

const rows: [string, Parameters<typeof formatProgressLine>[0], number, string][] = [
  [
    'known total, half done',
    { step: 'writing', done: 50, total: 100, ratePerSecond: 10, etaSeconds: 5 },
    60,
    'writing [###############...............] 50/100 50% 10/s ~5s',
  ],
  [
    'unknown total',
    { step: 'reading', done: 1200, total: null, ratePerSecond: 400, etaSeconds: null },
    60,
    'reading 1200 400/s',
  ],
  [
    'complete',
    { step: 'w', done: 10, total: 10, ratePerSecond: 2, etaSeconds: 0 },
    40,
    'w [#################] 10/10 100% 2/s ~0s',
  ],
  [
    'narrow terminal is cut, never wrapped',
    { step: 'a very long step name', done: 1, total: 3, ratePerSecond: 1, etaSeconds: 2 },
    20,
    'a very long step nam',
  ],
];
for (const [name, state, width, expected] of rows) {
  test(`format: ${name}`, () => assert.is(formatProgressLine(state, width), expected));
}

test('the bar redraws in place, throttled, and ends with a newline; the log gets periodic lines', () => {
  let t = 0;
  const out: string[] = [];
  const lines: string[] = [];
  const log: Logger = {
    trace: () => {},
    debug: () => {},
    info: (_o: unknown, m?: string) => void lines.push(String(m)),
    warn: () => {},
    error: () => {},
    child: () => log,
  };
  const sink = createTerminalProgress(
    { write: (s: string) => out.push(s), columns: 60 },
    { minIntervalMs: 100, now: () => t },
  );
  const progress = createProgress({ logger: log, progress: sink }, 'writing', 100, {
    everyMs: 1000,
    now: () => t,
  });
  for (let i = 0; i < 100; i++) {
    t += 20;
    progress.add(1);
  }
  progress.done();
  assert.ok(out.length >= 15 && out.length <= 25, `${out.length} redraws for 100 updates over 2 s`);
  assert.ok(out.slice(0, -1).every((s) => s.startsWith('\r\x1b[2K')));
  assert.is(out[out.length - 1], '\n');
  assert.match(out[out.length - 2] ?? '', /100\/100 100%/);
  assert.is(lines.length, 3, `log lines: ${lines.join(' | ')}`);
});

test.run();
