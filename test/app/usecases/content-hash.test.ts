/** contentHash decides "changed or not" for orders and catalogue records: equal content, equal hash. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson, contentHash } from '../../../src/app/usecases/content-hash.js';

const cases: [string, unknown, string][] = [
  ['keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
  ['nested keys sorted', { z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
  ['array order kept', [3, 1, 2], '[3,1,2]'],
  ['undefined fields left out', { a: undefined, b: null }, '{"b":null}'],
  ['undefined alone reads as null', undefined, 'null'],
  ['strings escaped as JSON', { 'k"': 'ä\n' }, '{"k\\"":"ä\\n"}'],
  ['numbers and booleans as JSON', { n: 1.5, t: true }, '{"n":1.5,"t":true}'],
];
for (const [name, value, expected] of cases)
  test(`canonicalJson: ${name}`, () => {
    assert.is(canonicalJson(value), expected);
  });

const same: [string, unknown, unknown, boolean][] = [
  ['key order does not matter', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
  ['an undefined field equals a missing one', { a: 1, b: undefined }, { a: 1 }, true],
  ['null is not missing', { a: 1, b: null }, { a: 1 }, false],
  ['array order matters', { a: [1, 2] }, { a: [2, 1] }, false],
  ['a string is not a number', { a: '1' }, { a: 1 }, false],
  ['a changed nested value', { a: { b: 1 } }, { a: { b: 2 } }, false],
];
for (const [name, a, b, equal] of same)
  test(`contentHash: ${name}`, () => {
    assert.is(contentHash(a) === contentHash(b), equal);
    assert.match(contentHash(a), /^[0-9a-f]{64}$/);
  });

test.run();
