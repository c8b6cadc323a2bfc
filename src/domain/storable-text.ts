/**
 * Text PostgreSQL can store as sent. JSON can carry two kinds of string it cannot:
 * - half a surrogate pair ("\ud83e", left when a system cuts a string between the two UTF-16
 *   units of an emoji): no text at all; jsonb refuses it and node-postgres turns it into U+FFFD
 *   inside text, so it is caught before either;
 * - a NUL ("\u0000"): text and jsonb both refuse it ("invalid byte sequence for encoding UTF8:
 *   0x00", "unsupported Unicode escape sequence").
 * One such string in a batch would fail the whole statement, so a record carrying one is held
 * back at the parse instead.
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one, or a NUL.
// Without the u flag the pattern sees UTF-16 units, which is what it is about.
// eslint-disable-next-line no-control-regex -- the NUL is what it looks for
const UNSTORABLE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/;
const UNSTORABLES = new RegExp(UNSTORABLE.source, 'g');

// Native and fast; the regex runs only for a string that fails it (to name the position). Node 20
// has it; our ES2023 typings do not.
const isWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean })
  .isWellFormed;

/** A unit PostgreSQL cannot store: its index (UTF-16 units, from 0) and "\uXXXX". */
export interface UnstorableUnit {
  readonly at: number;
  readonly unit: string;
}

/** The first unit PostgreSQL cannot store, or null. */
export function unstorableAt(text: string): UnstorableUnit | null {
  if (isWellFormed !== undefined && isWellFormed.call(text) && !text.includes('\u0000'))
    return null;
  const found = UNSTORABLE.exec(text);
  if (found === null) return null;
  return {
    at: found.index,
    unit: `\\u${text.charCodeAt(found.index).toString(16).padStart(4, '0')}`,
  };
}

/** `text` with every unit PostgreSQL cannot store replaced by U+FFFD, for copies kept only to be read by people. */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLES, '\ufffd');
}

/**
 * "a NUL character at position 2, \u0000": what an operator needs to find the unit, shown the way
 * the sender's JSON escapes it so it can be searched for there.
 */
export function describeUnstorable({ at, unit }: UnstorableUnit): string {
  const what = unit === '\\u0000' ? 'a NUL character' : 'a lone UTF-16 surrogate';
  return `${what} at position ${at}, ${unit}`;
}
