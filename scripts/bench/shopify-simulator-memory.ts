/**
 * Benchmark script (not a test): seeds 100,000 products x 3 variants with custom ids and reports
 * heap use and how fast pages of products are served over HTTP.
 */
import { startShopifySimulator } from '../../simulators/shopify/index.js';
import { readBenchArgs } from './bench-args.js';

const USAGE = `usage: node --expose-gc --import tsx scripts/bench/shopify-simulator-memory.ts [options]

  --count N    products (x 3 variants) seeded (100000)`;

const count = readBenchArgs(USAGE).number('count', 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const base = process.memoryUsage().heapUsed;
const sim = await startShopifySimulator({ bucketSize: 1e9, restoreRate: 1e9 });
sim.state.defineCustomId('PRODUCT', 'sync', 'external_id');
sim.state.defineCustomId('PRODUCTVARIANT', 'sync', 'external_id');
gc?.();
const schemaHeap = process.memoryUsage().heapUsed - base;
const t0 = performance.now();
sim.state.seedProducts(count, (i) => ({
  title: `Product ${i}`,
  vendor: 'Acme',
  productType: 'Shirt',
  descriptionHtml: `<p>Description of product ${i}</p>`,
  metafields: [{ namespace: 'sync', key: 'external_id', type: 'id', value: `P-${i}` }],
  productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }, { name: 'L' }] }],
  variants: ['S', 'M', 'L'].map((s) => ({
    optionValues: [{ optionName: 'Size', name: s }],
    price: '19.90',
    sku: `SKU-${i}-${s}`,
    metafields: [{ namespace: 'sync', key: 'external_id', type: 'id', value: `V-${i}-${s}` }],
  })),
}));
const seedMs = performance.now() - t0;
gc?.();
const heap = process.memoryUsage().heapUsed - base - schemaHeap;
const t1 = performance.now();
let after: string | null = null;
let pages = 0;
for (let i = 0; i < 20; i++) {
  const res = await fetch(sim.graphqlUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.accessToken },
    body: JSON.stringify({
      query:
        'query($after: String) { products(first: 250, after: $after) { nodes { id metafield(namespace: "sync", key: "external_id") { value } } pageInfo { endCursor } } }',
      variables: { after },
    }),
  });
  const body = (await res.json()) as { data: { products: { pageInfo: { endCursor: string } } } };
  after = body.data.products.pageInfo.endCursor;
  pages++;
}
const pageMs = (performance.now() - t1) / pages;
console.log(
  JSON.stringify({
    products: count,
    variants: count * 3,
    schemaHeapMB: Math.round(schemaHeap / 1e6),
    catalogueHeapMB: Math.round(heap / 1e6),
    bytesPerProduct: Math.round(heap / count),
    seedSeconds: +(seedMs / 1000).toFixed(1),
    msPerPageOf250: +pageMs.toFixed(1),
  }),
);
await sim.close();
