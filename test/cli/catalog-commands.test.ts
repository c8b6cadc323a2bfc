import { spawn } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';
import { OPERATOR_CLI_ENV } from '../support/operator-cli-env.js';
import { compiledCli, ROOT } from '../../scripts/support/run-cli.js';

const e2e = useE2eEnvironment(test, { apix: { products: 12, categories: 3 } });

const env = OPERATOR_CLI_ENV;

/** The CLI on a pseudo-terminal (util-linux `script`), as a person at a shell sees it. */
async function cliOnTerminal(
  args: readonly string[],
): Promise<{ code: number | null; output: string }> {
  const main = await compiledCli();
  return new Promise((resolve, reject) => {
    const command = [process.execPath, main, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        LOG_FORMAT: 'json',
        ...e2e.env,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: output.replace(/\r/g, '') }));
  });
}

test('dry run on a terminal prints a readable plan (creates per entity) and still the JSON line; nothing is written', async () => {
  const r = await cliOnTerminal(['sync-to-shopify', '--dry-run']);
  assert.is(r.code, 0, r.output);
  assert.match(r.output, /Plan of sync-to-shopify for e2e-shop\.myshopify\.com \(dry run/);
  assert.match(r.output, /collections \(categories\)\s+3\s+0\s+0 \(kept/);
  assert.match(r.output, /products\s+12\s+0\s+0\s+0/);
  assert.match(
    r.output,
    /custom-id metafield definitions would be created for: PRODUCT, PRODUCTVARIANT, COLLECTION/,
  );
  assert.match(r.output, /Products would be written by single mutations \(12 of 12/);
  assert.match(r.output, /\{"job":"sync-to-shopify".*"dryRun":true/);
  assert.is(e2e.shopify.state.products().length, 0);

  const orders = await cliOnTerminal(['sync-orders', '--dry-run']);
  assert.is(orders.code, 0, orders.output);
  assert.match(orders.output, /Plan of sync-orders .*nothing was stored or pushed/);
  assert.match(orders.output, /Due to push to API X: 0 already waiting/);

  // Not a terminal (a script or a CronJob): only the JSON line.
  const piped = await e2e.cli(['sync-to-shopify', '--dry-run'], env);
  assert.is(piped.code, 0);
  assert.not.match(piped.stdout, /Plan of/);
  assert.ok(piped.summary?.['plan']);
});

test('resync: unknown ids named with nothing changed; --dry-run changes nothing; then the next run sends exactly those again', async () => {
  const [product] = [...e2e.apix.catalog.products()];
  const [category] = [...e2e.apix.catalog.categories()];
  assert.ok(product && category);
  if (!product || !category) return;
  const hashes = async () =>
    // Variant rows never carry a hash (prices are hashed under their own entity).
    (
      await e2e.db.pool.query<{ entity: string; external_id: string }>(
        `SELECT entity, external_id FROM mappings WHERE content_hash IS NULL AND entity <> 'variant' ORDER BY 1, 2`,
      )
    ).rows;
  assert.is((await e2e.cli(['sync-to-shopify'], env)).code, 0);
  assert.equal(await hashes(), []);

  const unknown = await e2e.cli(['resync', 'products', product.id, 'NO-SUCH-PRODUCT'], env);
  assert.is(unknown.code, 1);
  assert.match(unknown.stderr, /no product 'NO-SUCH-PRODUCT' has been synced/);
  assert.is((await e2e.cli(['resync', 'variants', 'x'], env)).code, 2);
  const dry = await e2e.cli(['resync', 'products', product.id, '--dry-run'], env);
  assert.is(dry.code, 0, dry.stderr);
  assert.match(
    dry.stdout,
    new RegExp(`dry run: would forget .* 1 product.*\\n.*product ${product.id}`),
  );
  assert.equal(await hashes(), []);

  assert.is((await e2e.cli(['resync', 'products', product.id], env)).code, 0);
  assert.is((await e2e.cli(['resync', 'categories', category.id], env)).code, 0);
  const forgotten = await hashes();
  assert.ok(forgotten.some((m) => m.entity === 'product' && m.external_id === product.id));
  assert.ok(forgotten.some((m) => m.entity === 'collection' && m.external_id === category.id));
  assert.is(forgotten.filter((m) => m.entity === 'price').length, product.variants.length);

  e2e.shopify.resetCounters();
  const run = await e2e.cli(['sync-to-shopify'], env);
  assert.is(run.code, 0, run.stderr);
  const fields = e2e.shopify.counters().rootFields;
  assert.is(fields['productSet'], 1, JSON.stringify(fields));
  assert.is(fields['collectionUpdate'], 1, JSON.stringify(fields));
  assert.equal(await hashes(), [], 'hashes stored again');
});

test('a run on a terminal draws a progress bar for long steps', async () => {
  for (const p of [...e2e.apix.catalog.products()].slice(0, 5))
    e2e.apix.catalog.setProduct({ ...p, title: `${p.title} v2` });
  const r = await cliOnTerminal(['sync-to-shopify']);
  assert.is(r.code, 0, r.output);
  assert.match(r.output, /writing products to Shopify \[#+\] 5\/5 100%/);
});

test.run();
