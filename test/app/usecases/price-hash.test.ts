/**
 * Prices are compared by hash every run: normaliseMoney's fast path and priceHash's hand-built
 * text must give exactly what the general forms give, or every stored price looks changed once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  hashOfNormalisedPrice,
  normaliseMoney,
  priceHash,
} from '../../../src/app/usecases/catalog-mapping.js';
import { contentHash } from '../../../src/app/usecases/content-hash.js';

const money: [string, string][] = [
  ['10', '10.00'],
  ['10.5', '10.50'],
  ['10.00', '10.00'],
  ['0.99', '0.99'],
  ['0', '0.00'],
  ['007.10', '7.10'],
  ['00', '0.00'],
  ['.5', '0.50'],
  ['19.999', '19.999'],
  ['123456789012345678901234567890.1', '123456789012345678901234567890.10'],
];
for (const [amount, expected] of money)
  test(`normaliseMoney: ${amount} -> ${expected}`, () => {
    assert.is(normaliseMoney(amount), expected);
  });

// The form before the fast path: BigInt for every whole part.
const throughBigInt = (amount: string): string => {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${BigInt(whole).toString()}.${fraction.padEnd(2, '0')}`;
};

test('normaliseMoney: the same as through BigInt for any decimal API X may send', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^\d{0,25}$/),
      fc.option(fc.stringMatching(/^\d{0,6}$/)),
      (whole, fraction) => {
        const amount = fraction === null ? whole || '0' : `${whole}.${fraction}`;
        assert.is(normaliseMoney(amount), throughBigInt(amount));
      },
    ),
  );
});

test('priceHash: the contentHash of { amount, compareAt } normalised, compareAt null or not', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^\d{1,8}(\.\d{1,4})?$/),
      fc.option(fc.stringMatching(/^\d{1,8}(\.\d{1,4})?$/)),
      (amount, compareAtAmount) => {
        const general = contentHash({
          amount: normaliseMoney(amount),
          compareAt: compareAtAmount === null ? null : normaliseMoney(compareAtAmount),
        });
        assert.is(priceHash({ amount, compareAtAmount }), general);
      },
    ),
  );
});

test('hashOfNormalisedPrice: escapes as canonicalJson does (any text, not only digits)', () => {
  fc.assert(
    fc.property(fc.string(), fc.option(fc.string()), (amount, compareAt) => {
      assert.is(hashOfNormalisedPrice(amount, compareAt), contentHash({ amount, compareAt }));
    }),
  );
});

test('priceHash: the hash earlier releases stored for a price (sha256 of its canonical JSON)', () => {
  // sha256('{"amount":"12.50","compareAt":null}'), computed apart from this code.
  assert.is(
    priceHash({ amount: '12.5', compareAtAmount: null }),
    '3e4faa821a6869bf07ae50dcc45b04475b18adb202d1fde3efc78bbdd1a4ff15',
  );
});

test.run();
