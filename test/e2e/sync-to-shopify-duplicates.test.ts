import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useE2eEnvironment } from '../support/e2e-environment.js';

// Issue #15, item 8, through the real CLI over HTTP: API X's contract lets a record that changed
// during the read reappear on a later page; the copy with the later updatedAt wins, whichever
// comes first, for products and categories, run after run.
const e2e = useE2eEnvironment(test, { apix: { products: 10, categories: 3 } });

const CUSTOM_ID = 'integration_service.external_id';
const product = (id: string) =>
  e2e.shopify.state.products().filter((p) => p.metafields[CUSTOM_ID] === id);
const collection = (id: string) =>
  e2e.shopify.state.collections().filter((c) => c.metafields[CUSTOM_ID] === id);
const later = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

test('the newer copy of a product or category wins whether it comes first or last, and stays on the next run', async () => {
  const [p1, p2, p3] = [...e2e.apix.catalog.products()];
  const [c1, c2, c3] = [...e2e.apix.catalog.categories()];
  assert.ok(p1 && p2 && p3 && c1 && c2 && c3);
  if (!p1 || !p2 || !p3 || !c1 || !c2 || !c3) return;
  // p1, c1: the newer copy comes later. p2, c2: the newer copy comes first, a stale one later.
  e2e.apix.catalog.reappear('product', p3.id, {
    ...p1,
    title: 'P1 newer',
    updatedAt: later(p1.updatedAt, 5),
  });
  e2e.apix.catalog.setProduct({ ...p2, title: 'P2 newer', updatedAt: later(p2.updatedAt, 5) });
  e2e.apix.catalog.reappear('product', p3.id, { ...p2, title: 'P2 stale' });
  e2e.apix.catalog.reappear('category', c3.id, {
    ...c1,
    name: 'C1 newer',
    updatedAt: later(c1.updatedAt, 5),
  });
  e2e.apix.catalog.setCategory({ ...c2, name: 'C2 newer', updatedAt: later(c2.updatedAt, 5) });
  e2e.apix.catalog.reappear('category', c3.id, { ...c2, name: 'C2 stale' });

  for (let run = 1; run <= 2; run++) {
    e2e.shopify.resetCounters();
    const r = await e2e.cli(['sync-to-shopify']);
    assert.is(r.code, 0, r.stderr + r.stdout.slice(-2000));
    assert.equal(r.summary?.['recordErrors'] ?? {}, {}, 'a repeat is allowed by the contract');
    assert.equal(
      product(p1.id).map((p) => p.title),
      ['P1 newer'],
      `run ${run}`,
    );
    assert.equal(
      product(p2.id).map((p) => p.title),
      ['P2 newer'],
      `run ${run}`,
    );
    assert.equal(
      collection(c1.id).map((c) => c.title),
      ['C1 newer'],
      `run ${run}`,
    );
    assert.equal(
      collection(c2.id).map((c) => c.title),
      ['C2 newer'],
      `run ${run}`,
    );
    if (run === 2) {
      const sent = e2e.shopify.counters().rootFields;
      assert.is(
        (sent['productSet'] ?? 0) + (sent['collectionUpdate'] ?? 0),
        0,
        JSON.stringify(sent),
      );
    }
  }
});

test('a malformed copy holds the product back, whichever copy is newer', async () => {
  const p = [...e2e.apix.catalog.products()][5];
  assert.ok(p);
  if (!p) return;
  const before = product(p.id)[0]?.title;
  e2e.apix.catalog.clearCorruptions();
  e2e.apix.catalog.setProduct({ ...p, title: 'not yet', updatedAt: later(p.updatedAt, 9) });
  e2e.apix.catalog.reappear('product', p.id, { ...p, variants: [] });
  const r = await e2e.cli(['sync-to-shopify']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.summary?.['recordErrors'], { product: 1 });
  assert.is(product(p.id)[0]?.title, before);
});

test.run();
