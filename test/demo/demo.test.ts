import { Writable } from 'node:stream';
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runDemo, type DemoResult } from '../../scripts/demo.js';
import { serverUrl } from '../support/test-database.js';

// The demo at a small size, through the real CLI; what it prints is read back like a person
// would read it and checked against what the simulators actually hold.
const DATABASE = `it_demo_${process.pid}`;
let demo: DemoResult;
let sections: string[] = [];

const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
/** The number before `label` on the line starting with `line` in one printed round. */
function printed(section: string, line: string, label: string): number {
  const row = section.split('\n').find((l) => l.trimStart().startsWith(line));
  assert.ok(row, `a '${line}' line in:\n${section}`);
  const m = new RegExp(`([\\d,]+) ${label}`).exec(row ?? '');
  assert.ok(m, `'${label}' in '${row ?? ''}'`);
  return Number((m?.[1] ?? '').replaceAll(',', ''));
}

test.before(async () => {
  demo = await runDemo({
    serverUrl: serverUrl(),
    database: DATABASE,
    simulators: { products: 45, categories: 6, orders: 9, seed: 7 },
    out: sink,
    commandTimeoutMs: 120_000,
  });
  sections = demo.text.split(/\n(?=Round \d)/).slice(1);
});
test.after(async () => {
  await demo?.close();
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
});

test('prints two rounds, both jobs succeeded in each', () => {
  assert.is(sections.length, 2, demo.text);
  for (const s of sections) {
    assert.match(s, /sync-to-shopify {2}succeeded in/);
    assert.match(s, /sync-orders {6}succeeded in/);
  }
});

test('round 1: the printed counts are what the simulated shop and API X hold', () => {
  const [first = ''] = sections;
  const shop = demo.sims.shopify.state;
  const products = shop.products();
  assert.is(printed(first, 'collections', 'created'), shop.collections().length);
  assert.is(shop.collections().length, demo.sims.apix.catalog.size().categories);
  // Into an empty shop every product is a write (one created as archived when API X marks it inactive).
  const written =
    printed(first, 'products', 'created') +
    printed(first, 'products', 'updated') +
    printed(first, 'products', 'archived');
  assert.is(written, products.length);
  assert.is(products.length, demo.sims.apix.catalog.size().products);
  assert.is(
    printed(first, 'variants', 'in Shopify'),
    products.reduce((k, p) => k + p.variants.length, 0),
  );
  assert.is(printed(first, 'orders', 'pushed to API X'), demo.sims.apix.orders.list().length);
  assert.is(demo.sims.apix.orders.list().length, demo.sims.shopify.orders.list().length);
  assert.is(
    [...first.matchAll(/per-record errors {2}0$/gm)].length,
    2,
    'no per-record errors in either job',
  );
});

test('round 2 is a delta run that sends nothing', () => {
  const [, second = ''] = sections;
  for (const label of ['created', 'updated', 'archived'])
    assert.is(printed(second, 'products', label), 0, label);
  assert.is(printed(second, 'products', 'unchanged'), demo.sims.shopify.state.productCount());
  assert.is(printed(second, 'collections', 'created'), 0);
  assert.is(printed(second, 'prices', 'updated'), 0);
  assert.is(printed(second, 'orders', 'pushed to API X'), 0);
  assert.ok(
    demo.sims.apix.orders.list().every((o) => o.versions.length === 1),
    'every order once',
  );
});

test('the printed Shopify cost of both rounds adds up to what the simulator charged', () => {
  const total = sections.reduce((k, s) => k + printed(s, 'round total', 'points'), 0);
  assert.is(total, demo.sims.shopify.counters().costSpent);
});

test.run();
