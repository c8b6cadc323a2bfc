import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  describeUnstorable,
  toStorableText,
  unstorableAt,
} from '../../src/domain/storable-text.js';

const cases: [name: string, text: string, at: number, unit: string, storable: string][] = [
  ['empty', '', -1, '', ''],
  ['ASCII', 'Chair', -1, '', 'Chair'],
  ['accents and a BMP symbol', 'Größte Café ☕', -1, '', 'Größte Café ☕'],
  ['a surrogate pair (emoji)', 'Chair 🪑', -1, '', 'Chair 🪑'],
  ['two pairs back to back', '🪑🪑', -1, '', '🪑🪑'],
  ['a lone high surrogate at the end (a cut emoji)', 'Chair \ud83e', 6, '\\ud83e', 'Chair \ufffd'],
  ['a lone high surrogate before a letter', '\ud83eX', 0, '\\ud83e', '\ufffdX'],
  ['a lone low surrogate', 'a\udc00b', 1, '\\udc00', 'a\ufffdb'],
  ['a reversed pair: two lone halves', '\udc00\ud83e', 0, '\\udc00', '\ufffd\ufffd'],
  [
    'two high surrogates then a low: the first is lone',
    '\ud83e\ud83e\udc00',
    0,
    '\\ud83e',
    '\ufffd\ud83e\udc00',
  ],
  ['a pair followed by a lone low', '🪑\udc00', 2, '\\udc00', '🪑\ufffd'],
  ['a NUL', 'Ch\u0000air', 2, '\\u0000', 'Ch\ufffdair'],
  ['a NUL after an emoji', '🪑\u0000', 2, '\\u0000', '🪑\ufffd'],
  ['a NUL and a lone surrogate: the first named', '\u0000\ud800', 0, '\\u0000', '\ufffd\ufffd'],
];
for (const [name, text, at, unit, storable] of cases)
  test(`storable text: ${name}`, () => {
    assert.equal(unstorableAt(text), at === -1 ? null : { at, unit });
    assert.is(toStorableText(text), storable);
    // Lone surrogates agree with the built-in check Node 20 has (absent from our ES2023 typings).
    const lone = /[\ud800-\udfff]/.test(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
    assert.is((text as unknown as { isWellFormed(): boolean }).isWellFormed(), !lone);
  });

test('storable text: the regex keeps no state between calls', () => {
  assert.equal(unstorableAt('x\ud800'), { at: 1, unit: '\\ud800' });
  assert.equal(unstorableAt('x\ud800'), { at: 1, unit: '\\ud800' });
  assert.is(toStorableText('\ud800'), '\ufffd');
  assert.is(toStorableText('\ud800'), '\ufffd');
});

for (const [text, description] of [
  ['Ch\u0000air', 'a NUL character at position 2, \\u0000'],
  ['Chair \ud83e', 'a lone UTF-16 surrogate at position 6, \\ud83e'],
  ['\udc00', 'a lone UTF-16 surrogate at position 0, \\udc00'],
] as const)
  test(`storable text: described as "${description}"`, () => {
    const found = unstorableAt(text);
    assert.ok(found);
    assert.is(describeUnstorable(found), description);
  });

test.run();
