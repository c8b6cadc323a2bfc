import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { errorPayloadJsonb, toJsonb } from '../../../src/adapters/postgres/run-records.js';

const cases: [name: string, payload: unknown, json: string][] = [
  ['well-formed text is kept as is, emoji included', { title: 'Chair 🪑' }, '{"title":"Chair 🪑"}'],
  ['a lone surrogate in a value', { title: 'Chair \ud83e' }, '{"title":"Chair \ufffd"}'],
  ['in an array, nested', { v: [{ id: '\udc00x' }] }, '{"v":[{"id":"\ufffdx"}]}'],
  ['in a key', { ['a\ud800']: 1, b: 2 }, '{"a\ufffd":1,"b":2}'],
  ['a bare string', '\ud800', '"\ufffd"'],
  ['a NUL, which jsonb refuses too', { title: 'a\u0000b' }, '{"title":"a\ufffdb"}'],
  ['nothing', undefined, 'null'],
];
for (const [name, payload, json] of cases)
  test(`error payload jsonb: ${name}`, () => {
    assert.is(errorPayloadJsonb(payload), json);
  });

test('toJsonb (orders, shipments) is unchanged: it escapes a lone surrogate, which jsonb refuses', () => {
  assert.is(toJsonb({ title: 'Chair \ud83e' }), '{"title":"Chair \\ud83e"}');
});

test.run();
