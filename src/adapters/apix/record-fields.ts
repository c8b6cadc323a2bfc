import { describeUnstorable, unstorableAt } from '../../domain/storable-text.js';

/**
 * Field readers shared by the API X record parsers. Each either returns the typed value or throws
 * a FieldProblem naming the field; the parsers catch it and return a RecordError, so a parser
 * never throws whatever it is given.
 */

/** One field of one record is unusable. Internal to the parsers; never escapes them. */
export class FieldProblem extends Error {
  override readonly name = 'FieldProblem';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

export type Fields = Readonly<Record<string, unknown>>;

/** Shopify's limit for titles, option names and values, vendor and product type. */
export const MAX_NAME_LENGTH = 255;

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Length in characters as a person (and Shopify) counts them, not UTF-16 units. */
export function charLength(text: string): number {
  return Array.from(text).length;
}

/** Code points never outnumber UTF-16 units, so most strings skip the count. */
function tooLong(text: string, max: number): number | null {
  if (text.length <= max) return null;
  const length = charLength(text);
  return length > max ? length : null;
}

/**
 * Every string read from API X passes here: one with half a surrogate pair or a NUL cannot be
 * stored as sent (storable-text.ts), so its record is held back instead.
 */
function wellFormed(text: string, field: string): string {
  const found = unstorableAt(text);
  if (found === null) return text;
  throw new FieldProblem(
    field,
    `contains a broken character (${describeUnstorable(found)}); fix the text in API X`,
  );
}

export function readObject(raw: unknown, field: string): Fields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FieldProblem(field, `must be an object, got ${describe(raw)}`);
  }
  return raw as Fields;
}

export function readArray(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value))
    throw new FieldProblem(field, `must be an array, got ${describe(value)}`);
  return value;
}

/** A non-empty (after trimming), well-formed string of at most `max` characters, returned as sent. */
export function readName(value: unknown, field: string, max = MAX_NAME_LENGTH): string {
  if (typeof value !== 'string')
    throw new FieldProblem(field, `must be a string, got ${describe(value)}`);
  wellFormed(value, field);
  if (value.trim() === '') throw new FieldProblem(field, 'must not be empty');
  const length = tooLong(value, max);
  if (length !== null)
    throw new FieldProblem(field, `is ${length} characters long, at most ${max} allowed`);
  return value;
}

/**
 * An option name or value as Shopify stores it: without surrounding whitespace (Shopify trims
 * them, so "M " would silently become "M" there and collide with a value "M"), non-empty and at
 * most `max` characters once trimmed. Returned trimmed: what is sent is what Shopify keeps.
 */
export function readOptionText(value: unknown, field: string, max = MAX_NAME_LENGTH): string {
  if (typeof value !== 'string')
    throw new FieldProblem(field, `must be a string, got ${describe(value)}`);
  // Checked as sent, so the position counts from what API X holds.
  const text = wellFormed(value, field).trim();
  if (text === '') throw new FieldProblem(field, 'must not be empty');
  const length = tooLong(text, max);
  if (length !== null)
    throw new FieldProblem(field, `is ${length} characters long, at most ${max} allowed`);
  return text;
}

/** An id: a non-empty string without surrounding whitespace (ids are compared exactly). */
export function readId(value: unknown, field: string): string {
  const id = readName(value, field);
  if (id.trim() !== id) throw new FieldProblem(field, 'must not start or end with whitespace');
  return id;
}

/** A string that may be empty; null or absent reads as "". */
export function readText(value: unknown, field: string, max: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string')
    throw new FieldProblem(field, `must be a string or null, got ${describe(value)}`);
  wellFormed(value, field);
  const length = tooLong(value, max);
  if (length !== null)
    throw new FieldProblem(field, `is ${length} characters long, at most ${max} allowed`);
  return value;
}

export function readOptionalId(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : readId(value, field);
}

export function readBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw new FieldProblem(field, `must be true or false, got ${describe(value)}`);
  return value;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp with a zone; kept as sent. */
export function readTimestamp(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new FieldProblem(
      field,
      `must be an RFC 3339 date-time with a time zone, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return value;
}

const CURRENCY = /^[A-Z]{3}$/;

// ISO 4217 minor units that differ from the usual 2.
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

export function readCurrency(value: unknown, field: string): string {
  if (typeof value !== 'string' || !CURRENCY.test(value)) {
    throw new FieldProblem(
      field,
      `must be an ISO 4217 code of three capital letters, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return value;
}

// No sign, no exponent, no leading zeros: exactly what Shopify's Decimal accepts and we store.
const DECIMAL = /^(0|[1-9]\d{0,14})(\.(\d+))?$/;

/** A non-negative decimal string with no more decimals than the currency has. */
export function readMoney(value: unknown, field: string, currency: string): string {
  if (typeof value !== 'string') {
    throw new FieldProblem(
      field,
      `must be a decimal string such as "12.50", got ${describe(value)}`,
    );
  }
  const match = DECIMAL.exec(value);
  if (!match)
    throw new FieldProblem(
      field,
      `must be a non-negative decimal such as "12.50", got ${JSON.stringify(value)}`,
    );
  const decimals = match[3]?.length ?? 0;
  const allowed = minorUnits(currency);
  if (decimals > allowed) {
    throw new FieldProblem(
      field,
      `has ${decimals} decimals, ${currency} allows at most ${allowed}`,
    );
  }
  return value;
}

/** null, or a finite number >= 0. */
export function readOptionalWeight(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new FieldProblem(
      field,
      `must be a non-negative number of grams or null, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return value;
}
