/**
 * Well-formed UTF-16: JSON can carry half a surrogate pair ("\ud83e", left when a system cuts a
 * string between the two units of an emoji), but such a string is no text. PostgreSQL refuses it
 * inside jsonb and node-postgres turns it into U+FFFD inside text, so it is caught before either.
 * (String.prototype.isWellFormed is in Node 20 but not in our ES2023 typings, and gives no
 * position.)
 */

// A high surrogate not followed by a low one, or a low one not preceded by a high one. Without
// the u flag the pattern sees UTF-16 units, which is what it is about.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Index (in UTF-16 units, from 0) of the first lone surrogate, or -1 when `text` is well formed. */
export function loneSurrogateAt(text: string): number {
  return LONE_SURROGATE.exec(text)?.index ?? -1;
}

/** `text` with every lone surrogate replaced by U+FFFD, for copies kept only to be read by people. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\ufffd');
}
