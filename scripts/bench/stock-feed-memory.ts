/**
 * `node --expose-gc --import tsx scripts/bench/stock-feed-memory.ts [--variants N]`: what the
 * stock feed holds per level (issue 20: the initial run of 100,000 variants x 3 came within
 * 3 MB of its 256 MB target). Reads N variants x 3 warehouses through readStockFeed from an
 * in-memory source whose strings are all distinct (as JSON.parse makes them), and prints the
 * heap it keeps after a full GC, per level. Pure: no database, no HTTP.
 */
import { readStockFeed } from '../../src/app/usecases/stock-feed.js';
import type { StepContext } from '../../src/app/usecases/step-context.js';
import type { Parsed } from '../../src/domain/model/record-error.js';
import type { StockLevel } from '../../src/domain/model/stock.js';
import { createLogger } from '../../src/adapters/logging/create-logger.js';

const at = process.argv.indexOf('--variants');
const variants = at > 0 ? Number(process.argv[at + 1]) : 30_000;
const warehouses = ['WH-1', 'WH-2', 'WH-3'];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

async function* levels(): AsyncGenerator<Parsed<StockLevel>> {
  const base = Date.parse('2026-11-30T10:00:00.000Z');
  for (let v = 0; v < variants; v++) {
    // A source reads pages over the network; here every variant is a turn of its own.
    await Promise.resolve();
    for (const w of warehouses)
      yield {
        ok: true,
        value: {
          variantExternalId: `V-${String(v).padStart(6, '0')}`,
          warehouseId: `${w}`,
          onHand: v % 50,
          updatedAt: new Date(base + v * 1000 + w.length).toISOString(),
        },
      };
  }
}

const ctx: StepContext = {
  runId: 'measure',
  signal: new AbortController().signal,
  logger: createLogger({ level: 'silent', pretty: false }),
  counter: { add: () => undefined, get: () => 0 },
  recordError: () => Promise.resolve(),
};
gc();
const before = process.memoryUsage().heapUsed;
const feed = await readStockFeed(
  ctx,
  { levels: () => levels() },
  {
    locations: new Map(warehouses.map((w, i) => [w, `gid://shopify/Location/${i + 1}`])),
    updatedSince: null,
  },
);
gc();
const after = process.memoryUsage().heapUsed;
const kept = variants * warehouses.length;
console.log(
  JSON.stringify({
    variants,
    levels: kept,
    heldMB: ((after - before) / 1e6).toFixed(1),
    bytesPerLevel: Math.round((after - before) / kept),
    rssMB: (process.memoryUsage().rss / 1e6).toFixed(0),
  }),
);
// Held until here, so the GC above could not take it.
if (!feed) process.exit(1);
