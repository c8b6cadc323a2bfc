import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  backoffMs,
  parseHttpDate,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  retryWaitMs,
} from '../../src/domain/retry-policy.js';
import { nextAttemptDelayMs } from '../../src/app/usecases/order-window.js';

const NOW = Date.parse('2026-11-25T07:00:00Z');
const DAY = 24 * 60 * 60_000;

test('parseRetryAfter: delay-seconds, HTTP-dates, garbage, capped (table)', () => {
  const rows: [name: string, value: unknown, expected: number | null][] = [
    ['seconds', '2', 2000],
    ['zero', '0', 0],
    ['padded decimal (Shopify sends "2.0")', ' 1.5 ', 1500],
    ['number', 3, 3000],
    ['array (axios)', ['3', '9'], 3000],
    ['IMF-fixdate ahead', 'Wed, 25 Nov 2026 07:00:10 GMT', 10_000],
    ['IMF-fixdate, lower case', 'wed, 25 nov 2026 07:00:10 gmt', 10_000],
    ['RFC 850 date', 'Wednesday, 25-Nov-26 07:01:00 GMT', 60_000],
    ['asctime date, read as GMT', 'Wed Nov 25 07:00:05 2026', 5000],
    ['asctime, one-digit day', 'Sun Nov  1 07:00:00 2026', 0],
    ['past date', 'Wed, 25 Nov 2026 06:00:00 GMT', 0],
    ['huge seconds', '99999999999', RETRY_AFTER_MAX_MS],
    ['far date', 'Fri, 01 Jan 2100 00:00:00 GMT', RETRY_AFTER_MAX_MS],
    ['negative', '-5', null],
    ['garbage', 'soon', null],
    ['exponent', '1e3', null],
    ['Infinity', 'Infinity', null],
    ['NaN', 'NaN', null],
    ['seconds with unit', '10s', null],
    ['ISO date (not an HTTP-date)', '2026-11-25T07:00:10Z', null],
    ['date in another zone', 'Wed, 25 Nov 2026 07:00:10 +0100', null],
    ['31 February', 'Tue, 31 Feb 2026 07:00:10 GMT', null],
    ['unknown month', 'Wed, 25 Foo 2026 07:00:10 GMT', null],
    ['empty', '', null],
    ['blank', '   ', null],
    ['absent', undefined, null],
    ['null', null, null],
    ['object', {}, null],
    ['empty array', [], null],
  ];
  for (const [name, value, expected] of rows)
    assert.is(parseRetryAfter(value, NOW), expected, name);
});

test('parseHttpDate: an RFC 850 two-digit year more than 50 years ahead is last century', () => {
  assert.is(
    parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', NOW),
    Date.parse('1994-11-06T08:49:37Z'),
  );
  assert.is(
    parseHttpDate('Sunday, 06-Nov-76 08:49:37 GMT', NOW),
    Date.parse('2076-11-06T08:49:37Z'),
  );
  // The three forms of RFC 9110 §5.6.7's example name one instant.
  const instant = Date.parse('1994-11-06T08:49:37Z');
  for (const text of [
    'Sun, 06 Nov 1994 08:49:37 GMT',
    'Sunday, 06-Nov-94 08:49:37 GMT',
    'Sun Nov  6 08:49:37 1994',
  ])
    assert.is(parseHttpDate(text, NOW), instant, text);
});

test('backoffMs: full jitter under a doubling, capped ceiling (table)', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  const rows: [attempt: number, random: number, expected: number][] = [
    [0, 0, 0],
    [0, 1, 100],
    [0, 0.5, 50],
    [1, 1, 200],
    [2, 0.5, 200],
    [3, 1, 800],
    [4, 1, 1000],
    [40, 1, 1000],
    [-1, 1, 100],
  ];
  for (const [attempt, random, expected] of rows)
    assert.is(
      backoffMs(attempt, policy, () => random),
      expected,
      `${attempt} ${random}`,
    );
});

test('backoffMs: a guaranteed share is always waited, the rest is jitter (table)', () => {
  const policy = { baseMs: 100, maxMs: 1000, guaranteedShare: 0.5 };
  const rows: [attempt: number, random: number, expected: number][] = [
    [0, 0, 50],
    [0, 1, 100],
    [2, 0, 200],
    [2, 0.5, 300],
    [9, 0, 500],
    [9, 1, 1000],
  ];
  for (const [attempt, random, expected] of rows)
    assert.is(
      backoffMs(attempt, policy, () => random),
      expected,
      `${attempt} ${random}`,
    );
});

test('retryWaitMs: Retry-After replaces the back-off, up to the cap (table)', () => {
  const policy = { baseMs: 100, maxMs: 1000 };
  const rows: [attempt: number, retryAfter: number | null, random: number, expected: number][] = [
    [0, null, 0.5, 50],
    [2, null, 1, 400],
    [0, 700, 0, 700],
    [0, 0, 1, 0],
    [0, 5000, 0, 1000],
  ];
  for (const [attempt, retryAfter, random, expected] of rows)
    assert.is(
      retryWaitMs(attempt, retryAfter, policy, () => random),
      expected,
      `${attempt} ${retryAfter} ${random}`,
    );
});

test('nextAttemptDelayMs: half of 30 s doubling to 1 h always waited; Retry-After a floor (table)', () => {
  const rows: [attempts: number, retryAfter: number | null, random: number, expected: number][] = [
    [0, null, 0, 15_000],
    [0, null, 1, 30_000],
    [1, null, 0, 30_000],
    [3, null, 0.5, 180_000],
    [7, null, 0, 30 * 60_000],
    [20, null, 1, 60 * 60_000],
    [0, 5_000, 0, 15_000],
    [0, 120_000, 1, 120_000],
    [0, DAY, 0, DAY],
  ];
  for (const [attempts, retryAfter, random, expected] of rows)
    assert.is(
      nextAttemptDelayMs(attempts, retryAfter, () => random),
      expected,
      `${attempts} ${retryAfter} ${random}`,
    );
});

test.run();
