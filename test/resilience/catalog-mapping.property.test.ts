/**
 * Property tests of the catalogue mapping (src/app/usecases/catalog-mapping.ts) with generated API X
 * product records: whatever API X sends, parse + map never throws, and every draft it yields
 * satisfies Shopify's constraints (at least one option, each variant one value per option, in
 * order, from the option's values, combinations unique). The record parsers' own properties live
 * in test/adapters/apix/parse-catalog-records.property.test.ts and are not repeated here.
 */
import fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProduct } from '../../src/adapters/apix/parse-catalog-records.js';
import { validateDraft } from '../../src/adapters/shopify/product-set-input.js';
import {
  productHash,
  productToDraft,
  type PriceOfVariant,
} from '../../src/app/usecases/catalog-mapping.js';
import { sanitizeHtml } from '../../src/app/usecases/sanitize-html.js';

const name = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('Größe', 'Farbe', '色', 'Taille 🧦', ' padded '),
);
const id = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,11}$/);

/** A product record close to valid (so most reach the mapping), with room for every kind of slip. */
const productRecord = fc
  .record({
    id,
    title: name,
    description: fc.string({ maxLength: 80 }),
    vendor: fc.string({ maxLength: 20 }),
    type: fc.string({ maxLength: 20 }),
    categoryIds: fc.array(id, { maxLength: 3 }),
    active: fc.boolean(),
    options: fc.array(
      fc.record({ name, values: fc.uniqueArray(name, { minLength: 1, maxLength: 3 }) }),
      { maxLength: 3 },
    ),
    variantCount: fc.integer({ min: 1, max: 6 }),
    pick: fc.array(fc.nat(), { minLength: 18, maxLength: 18 }),
    updatedAt: fc.constant('2026-11-01T00:00:00Z'),
  })
  .map(({ variantCount, pick, options, ...r }) => ({
    ...r,
    options,
    variants: Array.from({ length: options.length === 0 ? 1 : variantCount }, (_, i) => ({
      id: `${r.id}-V${i}`,
      sku: `SKU-${r.id}-${i}`,
      barcode: null,
      optionValues: options.map((o, k) => o.values[(pick[i * 3 + k] ?? 0) % o.values.length] ?? ''),
      weightGrams: i % 2 === 0 ? null : 100 * i,
    })),
  }));

const prices = (variants: readonly { id: string }[]): Map<string, PriceOfVariant> =>
  new Map(
    variants.map((v, i) => [v.id, { amount: `${i}.00`, compareAt: i % 2 ? null : `${i + 1}.00` }]),
  );

test('generated records: mapping never throws and every draft satisfies Shopify constraints', () => {
  let mapped = 0;
  fc.assert(
    fc.property(
      productRecord,
      fc.constantFrom('ARCHIVED' as const, 'DRAFT' as const),
      (record, archive) => {
        const parsed = parseProduct(record);
        if (!parsed.ok) {
          assert.ok(parsed.error.reason.length > 0, 'a rejected record says why');
          return;
        }
        mapped++;
        const draft = productToDraft(parsed.value, archive, prices(record.variants));
        assert.equal(validateDraft(draft), [], JSON.stringify(draft));
        assert.ok(draft.options.length >= 1);
        for (const v of draft.variants) {
          assert.equal(
            v.optionValues.map((o) => o.optionName),
            draft.options.map((o) => o.name),
          );
          v.optionValues.forEach((ov, k) =>
            assert.ok(
              draft.options[k]?.values.includes(ov.name),
              `${ov.name} is a value of ${ov.optionName}`,
            ),
          );
        }
        const combos = draft.variants.map((v) => JSON.stringify(v.optionValues));
        assert.is(new Set(combos).size, combos.length, 'option combinations are unique');
        assert.is(draft.status, parsed.value.active ? 'ACTIVE' : archive);
        assert.type(productHash(draft), 'string');
      },
    ),
    { numRuns: 400 },
  );
  assert.ok(mapped > 100, `most generated records reach the mapping (${mapped})`);
});

test('arbitrary JSON as a product record: never an uncaught exception, a valid draft or a clear error', () => {
  fc.assert(
    fc.property(fc.anything(), (raw) => {
      const parsed = parseProduct(raw);
      if (parsed.ok)
        assert.equal(validateDraft(productToDraft(parsed.value, 'ARCHIVED', new Map())), []);
      else assert.ok(parsed.error.reason.trim().length > 0);
    }),
    { numRuns: 300 },
  );
});

const markup = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    '<p>',
    '</p>',
    '<script>',
    '</script>',
    '<SCRIPT src=x>',
    '<style>',
    '</style >',
    '<img src=x onerror=alert(1)>',
    ' onclick="x()"',
    '<a href="javascript:alert(1)">',
    '<scr',
    'ipt>',
    '<b>',
  ),
);

test('descriptions: sanitizeHtml never lets a script, style, event handler or script URL through', () => {
  fc.assert(
    fc.property(fc.array(markup, { maxLength: 12 }), (parts) => {
      const html = sanitizeHtml(parts.join(''));
      assert.not.match(html, /<\/?(script|style)\b/i);
      assert.not.match(html, /\son[a-z]+\s*=/i);
      assert.not.match(html, /javascript:/i);
      assert.is(sanitizeHtml(html), html, 'stable: sanitising twice changes nothing');
    }),
    { numRuns: 1000 },
  );
});

test.run();
