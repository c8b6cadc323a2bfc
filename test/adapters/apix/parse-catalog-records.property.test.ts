import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseCategory,
  parsePrice,
  parseProduct,
} from '../../../src/adapters/apix/parse-catalog-records.js';
import type { Parsed } from '../../../src/domain/model/record-error.js';

const parsers: [string, (raw: unknown, index?: number) => Parsed<unknown>][] = [
  ['category', parseCategory],
  ['product', parseProduct],
  ['price', parsePrice],
];

function wellFormedOutcome(result: Parsed<unknown>, raw: unknown): boolean {
  if (result.ok) return true;
  return (
    result.error.reason.trim().length > 0 &&
    result.error.externalId.length > 0 &&
    Object.is(result.error.payload, raw)
  );
}

// Near-valid records reach the deep checks that random JSON never gets past.
const name = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom('', ' ', 'S', 'M', 'é'.repeat(256)),
);
const nearProduct = fc.record(
  {
    id: fc.oneof(fc.string(), fc.constant('P1'), fc.integer()),
    title: name,
    description: fc.oneof(fc.string(), fc.constant(null)),
    vendor: fc.oneof(fc.string(), fc.constant(null)),
    type: fc.oneof(fc.string(), fc.constant(null)),
    categoryIds: fc.array(fc.oneof(fc.constantFrom('C1', 'C2'), fc.string())),
    active: fc.oneof(fc.boolean(), fc.jsonValue()),
    options: fc.array(
      fc.record({ name, values: fc.array(fc.constantFrom('S', 'M', 'L', ''), { maxLength: 4 }) }),
      { maxLength: 4 },
    ),
    variants: fc.array(
      fc.record({
        id: fc.constantFrom('V1', 'V2', ''),
        sku: fc.constantFrom('A', 'B', ''),
        barcode: fc.oneof(fc.constant(null), fc.string()),
        optionValues: fc.array(fc.constantFrom('S', 'M', 'L'), { maxLength: 4 }),
        weightGrams: fc.oneof(fc.constant(null), fc.double()),
      }),
      { maxLength: 4 },
    ),
    updatedAt: fc.oneof(fc.constant('2026-11-20T10:00:00Z'), fc.string()),
  },
  { requiredKeys: [] },
);
const nearPrice = fc.record(
  {
    variantId: fc.oneof(fc.constant('V1'), fc.string()),
    amount: fc.oneof(
      fc.constantFrom('1', '1.5', '1.555', '-1', '01', '1e2'),
      fc.string(),
      fc.double(),
    ),
    compareAtAmount: fc.oneof(fc.constant(null), fc.constantFrom('2.00', 'x')),
    currency: fc.oneof(fc.constantFrom('EUR', 'JPY', 'KWD', 'eur'), fc.string()),
  },
  { requiredKeys: [] },
);

test('any JSON value: never throws, always a record or an error with a reason', () => {
  for (const [entity, parse] of parsers) {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (raw, index) =>
        wellFormedOutcome(parse(raw, index), raw),
      ),
      { numRuns: 500 },
    );
    assert.ok(true, entity);
  }
});

test('any JS value at all (prototype keys, undefined, NaN, functions): never throws', () => {
  for (const [, parse] of parsers) {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true }), (raw) =>
        wellFormedOutcome(parse(raw), raw),
      ),
      { numRuns: 300 },
    );
  }
});

test('near-valid products and prices: never throw; accepted ones satisfy the invariants', () => {
  fc.assert(
    fc.property(nearProduct, (raw) => {
      const result = parseProduct(raw);
      if (!wellFormedOutcome(result, raw)) return false;
      if (!result.ok) return true;
      const p = result.value;
      const ids = p.variants.map((v) => v.externalId);
      return (
        p.variants.length >= 1 &&
        new Set(ids).size === ids.length &&
        p.variants.every(
          (v) =>
            v.optionValues.length === p.options.length &&
            v.optionValues.every((val, k) => p.options[k]?.values.includes(val)),
        )
      );
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(nearPrice, (raw) => {
      const result = parsePrice(raw);
      return (
        wellFormedOutcome(result, raw) &&
        (!result.ok || /^(0|[1-9]\d*)(\.\d+)?$/.test(result.value.amount))
      );
    }),
    { numRuns: 1000 },
  );
});

test.run();
