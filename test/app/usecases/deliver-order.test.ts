import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deliverOrder } from '../../../src/app/usecases/deliver-order.js';
import { orderPushKey, reissuedPushKey } from '../../../src/app/usecases/order-push-key.js';
import type { Order } from '../../../src/domain/model/order.js';
import type { OrderSink, PushOutcome } from '../../../src/domain/ports/order-sink.js';
import { FAKE_WORST_CASE_SEND_MS } from '../../support/fakes/order-sink.js';
import { minimalOrder } from '../../support/minimal-order.js';

const order = (updatedAt: string): Order => minimalOrder({ updatedAt });
const v1 = order('2026-11-01T10:00:00Z');
const v2 = order('2026-11-02T10:00:00Z');

test('push keys follow the content and the target, nothing else', () => {
  const rows: [string, string, string, boolean][] = [
    [
      'same content, same target',
      orderPushKey('s', { kind: 'create' }, v1),
      orderPushKey('s', { kind: 'create' }, { ...v1 }),
      true,
    ],
    [
      'other content',
      orderPushKey('s', { kind: 'create' }, v1),
      orderPushKey('s', { kind: 'create' }, v2),
      false,
    ],
    [
      'create vs update',
      orderPushKey('s', { kind: 'create' }, v1),
      orderPushKey('s', { kind: 'update', reference: 'R' }, v1),
      false,
    ],
    [
      'other reference',
      orderPushKey('s', { kind: 'update', reference: 'R' }, v1),
      orderPushKey('s', { kind: 'update', reference: 'Q' }, v1),
      false,
    ],
    [
      'other shop',
      orderPushKey('s', { kind: 'create' }, v1),
      orderPushKey('t', { kind: 'create' }, v1),
      false,
    ],
    [
      'reissued',
      orderPushKey('s', { kind: 'create' }, v1),
      reissuedPushKey(orderPushKey('s', { kind: 'create' }, v1)),
      false,
    ],
  ];
  for (const [name, a, b, equal] of rows) assert.is(a === b, equal, name);
});

/** A sink answering from a script, recording every call. */
function scriptedSink(answers: PushOutcome[]) {
  const calls: string[] = [];
  const next = (): PushOutcome => answers.shift() ?? { kind: 'accepted', reference: 'R' };
  const sink: OrderSink = {
    worstCaseSendMs: FAKE_WORST_CASE_SEND_MS,
    createOrder: async (_o, key) => (calls.push(`POST ${key}`), next()),
    updateOrder: async (ref, _o, key) => (calls.push(`PUT ${ref} ${key}`), next()),
  };
  return { sink, calls };
}
const signal = new AbortController().signal;

test('order_exists on a create: the content goes to that reference as an update', async () => {
  const { sink, calls } = scriptedSink([{ kind: 'exists', reference: 'SO-7' }]);
  const d = await deliverOrder(sink, 's', { payload: v2, apixReference: null }, signal);
  const updateKey = orderPushKey('s', { kind: 'update', reference: 'SO-7' }, v2);
  assert.equal(calls, [
    `POST ${orderPushKey('s', { kind: 'create' }, v2)}`,
    `PUT SO-7 ${updateKey}`,
  ]);
  assert.equal(d, {
    kind: 'update',
    idempotencyKey: updateKey,
    outcome: { kind: 'accepted', reference: 'R' },
    reconciledWith: 'SO-7',
  });
});

test('key reused: sent once more under the reissued key, then left to the retry policy', async () => {
  const reused: PushOutcome = { kind: 'key-reused', reason: 'idempotency_key_reused' };
  const once = scriptedSink([reused]);
  const d = await deliverOrder(once.sink, 's', { payload: v1, apixReference: 'SO-1' }, signal);
  const key = orderPushKey('s', { kind: 'update', reference: 'SO-1' }, v1);
  assert.equal(once.calls, [`PUT SO-1 ${key}`, `PUT SO-1 ${reissuedPushKey(key)}`]);
  assert.is(d.outcome.kind, 'accepted');
  const twice = scriptedSink([reused, reused]);
  const e = await deliverOrder(twice.sink, 's', { payload: v1, apixReference: 'SO-1' }, signal);
  assert.is(twice.calls.length, 2);
  assert.is(e.outcome.kind, 'key-reused');
});

test.run();
