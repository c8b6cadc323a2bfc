import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { storableCopyJsonb, toJsonb } from '../../../src/adapters/postgres/run-records.js';

const cases: [name: string, payload: unknown, json: string][] = [
  ['well-formed text is kept as is, emoji included', { title: 'Chair 🪑' }, '{"title":"Chair 🪑"}'],
  ['a lone surrogate in a value', { title: 'Chair \ud83e' }, '{"title":"Chair \ufffd"}'],
  ['in an array, nested', { v: [{ id: '\udc00x' }] }, '{"v":[{"id":"\ufffdx"}]}'],
  ['in a key', { ['a\ud800']: 1, b: 2 }, '{"a\ufffd":1,"b":2}'],
  ['a bare string', '\ud800', '"\ufffd"'],
  ['a NUL, which jsonb refuses too', { title: 'a\u0000b' }, '{"title":"a\ufffdb"}'],
  ['a NUL in a key', { ['k\u0000']: 'v' }, '{"k\ufffd":"v"}'],
  ['a text that only reads \\u0000 is kept', { t: 'a\\u0000' }, '{"t":"a\\\\u0000"}'],
  ['nothing', undefined, 'null'],
];
for (const [name, payload, json] of cases)
  test(`storable copy jsonb: ${name}`, () => {
    assert.is(storableCopyJsonb(payload), json);
  });

test('toJsonb (an order as sent to API X, shipments) is unchanged: it escapes a lone surrogate, which jsonb refuses', () => {
  assert.is(toJsonb({ title: 'Chair \ud83e' }), '{"title":"Chair \\ud83e"}');
});

test.run();
