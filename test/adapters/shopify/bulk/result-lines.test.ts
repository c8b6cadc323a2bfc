/** readMutationResultLine: a bulk mutation result line as that mutation's answer. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readMutationResultLine } from '../../../../src/adapters/shopify/bulk/result-lines.js';
import { toBulkPriceResult } from '../../../../src/adapters/shopify/catalog/bulk-imports.js';
import { toBulkPublishResult } from '../../../../src/adapters/shopify/catalog/publications.js';

const userError = { field: ['input', 'id'], message: 'Product not found' };
const cases: {
  name: string;
  line: unknown;
  lineNumber: number;
  payload: unknown;
  errors: { message: string; code: string | null }[];
}[] = [
  {
    name: 'an answer without errors',
    line: { data: { publishablePublish: { userErrors: [] } } },
    lineNumber: 7,
    payload: { userErrors: [] },
    errors: [],
  },
  {
    name: "the mutation's userErrors when the line has none of its own",
    line: { data: { publishablePublish: { userErrors: [userError] } }, __lineNumber: 3 },
    lineNumber: 3,
    payload: { userErrors: [userError] },
    errors: [{ message: 'Product not found', code: null }],
  },
  {
    name: "the line's own errors first, their code read from extensions",
    line: {
      data: { publishablePublish: { userErrors: [userError] } },
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
    },
    lineNumber: 7,
    payload: { userErrors: [userError] },
    errors: [{ message: 'Throttled', code: 'THROTTLED' }],
  },
  {
    name: 'no payload and no errors: an error of its own, never a success',
    line: { data: {} },
    lineNumber: 7,
    payload: undefined,
    errors: [{ message: 'the result line has no answer', code: null }],
  },
  {
    name: 'a null payload and no errors: the same',
    line: { data: { publishablePublish: null } },
    lineNumber: 7,
    payload: null,
    errors: [{ message: 'the result line has no answer', code: null }],
  },
];

for (const c of cases)
  test(`readMutationResultLine: ${c.name}`, () => {
    const read = readMutationResultLine(JSON.stringify(c.line), 7, 'publishablePublish');
    assert.is(read.lineNumber, c.lineNumber);
    assert.equal(read.payload, c.payload);
    assert.equal(
      read.errors.map((e) => ({ message: e.message, code: e.code })),
      c.errors,
    );
  });

test('readMutationResultLine: a line that is not JSON is an error of its own', () => {
  const read = readMutationResultLine('{"data": ', 4, 'publishablePublish');
  assert.is(read.lineNumber, 4);
  assert.is(read.payload, undefined);
  assert.equal(
    read.errors.map((e) => e.message),
    ['unreadable result line'],
  );
});

// Both readers: a price or publish line without an answer is a failed line, not a price saved.
for (const [name, read] of [
  ['toBulkPriceResult', toBulkPriceResult],
  ['toBulkPublishResult', toBulkPublishResult],
] as const)
  test(`${name}: a line with no answer fails`, () => {
    const { lineNumber, result } = read(JSON.stringify({ data: {}, __lineNumber: 2 }), 9);
    assert.is(lineNumber, 2);
    assert.equal(result, {
      ok: false,
      errors: [{ field: null, message: 'the result line has no answer', code: null }],
    });
  });

test.run();
