import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loneSurrogateAt, toWellFormed } from '../../src/domain/well-formed-text.js';

const cases: [name: string, text: string, at: number, wellFormed: string][] = [
  ['empty', '', -1, ''],
  ['ASCII', 'Chair', -1, 'Chair'],
  ['accents and a BMP symbol', 'Größte Café ☕', -1, 'Größte Café ☕'],
  ['a surrogate pair (emoji)', 'Chair 🪑', -1, 'Chair 🪑'],
  ['two pairs back to back', '🪑🪑', -1, '🪑🪑'],
  ['a lone high surrogate at the end (a cut emoji)', 'Chair \ud83e', 6, 'Chair \ufffd'],
  ['a lone high surrogate before a letter', '\ud83eX', 0, '\ufffdX'],
  ['a lone low surrogate', 'a\udc00b', 1, 'a\ufffdb'],
  ['a reversed pair: two lone halves', '\udc00\ud83e', 0, '\ufffd\ufffd'],
  [
    'two high surrogates then a low: the first is lone',
    '\ud83e\ud83e\udc00',
    0,
    '\ufffd\ud83e\udc00',
  ],
  ['a pair followed by a lone low', '🪑\udc00', 2, '🪑\ufffd'],
];
for (const [name, text, at, wellFormed] of cases)
  test(`well-formed text: ${name}`, () => {
    assert.is(loneSurrogateAt(text), at);
    assert.is(toWellFormed(text), wellFormed);
    // Agrees with the built-in check Node 20 has (absent from our ES2023 typings).
    assert.is((text as unknown as { isWellFormed(): boolean }).isWellFormed(), at === -1);
  });

test('well-formed text: the regex keeps no state between calls', () => {
  assert.is(loneSurrogateAt('x\ud800'), 1);
  assert.is(loneSurrogateAt('x\ud800'), 1);
  assert.is(toWellFormed('\ud800'), '\ufffd');
  assert.is(toWellFormed('\ud800'), '\ufffd');
});

test.run();
