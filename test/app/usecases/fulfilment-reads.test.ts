import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFulfilmentReads } from '../../../src/app/usecases/fulfilment-reads.js';
import type {
  OrderFulfilment,
  ShopifyFulfilments,
} from '../../../src/domain/ports/shopify-fulfilments.js';

/** A Shopify that knows every order but `gone`, and notes each batch asked for. */
function shopify(): { port: ShopifyFulfilments; batches: string[][] } {
  const batches: string[][] = [];
  const state = (id: string): OrderFulfilment => ({
    fulfillmentOrders: [{ id: `${id}/fo`, status: 'OPEN', locationId: null, lines: [] }],
    fulfilments: [],
  });
  const refused = async () => ({ ok: false as const, errors: ['not in this test'] });
  return {
    batches,
    port: {
      async orderFulfilments(ids) {
        batches.push([...ids]);
        return new Map(ids.map((id) => [id, id === 'gone' ? null : state(id)]));
      },
      create: refused,
      updateTracking: refused,
      cancel: refused,
    },
  };
}

const signal = new AbortController().signal;

test('the first order not read yet is read with the next ones the page needs; read orders cost nothing more', async () => {
  const { port, batches } = shopify();
  const reads = createFulfilmentReads(port, ['A', 'B', 'C', 'B', 'D', 'E'], signal, 3);
  assert.is((await reads.get('A'))?.fulfillmentOrders[0]?.id, 'A/fo');
  await reads.get('B');
  await reads.get('C');
  await reads.get('D');
  assert.equal(batches, [
    ['A', 'B', 'C'],
    ['D', 'E'],
  ]);
});

test('an order written to is read again, with read-ahead from where the page stands', async () => {
  const { port, batches } = shopify();
  const reads = createFulfilmentReads(port, ['A', 'B', 'C', 'D', 'E', 'F'], signal, 2);
  await reads.get('A');
  reads.forget('A');
  await reads.get('C');
  await reads.get('A');
  assert.equal(batches, [
    ['A', 'B'],
    ['C', 'D'],
    ['A', 'E'],
  ]);
});

test('an order Shopify does not have is null, read once; one not foreseen is read on its own', async () => {
  const { port, batches } = shopify();
  const reads = createFulfilmentReads(port, ['gone'], signal, 8);
  assert.is(await reads.get('gone'), null);
  assert.is(await reads.get('gone'), null);
  assert.ok(await reads.get('Z'));
  assert.equal(batches, [['gone'], ['Z']]);
});

test.run();
