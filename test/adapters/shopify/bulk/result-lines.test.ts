/** readMutationResultLine: a bulk mutation result line as that mutation's answer. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readMutationResultLine } from '../../../../src/adapters/shopify/bulk/result-lines.js';

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
    name: 'no payload and no errors: nothing to say (the caller decides)',
    line: { data: {} },
    lineNumber: 7,
    payload: undefined,
    errors: [],
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

test.run();
