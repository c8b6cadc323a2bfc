import { userError, type UserError } from './user-error.js';

/**
 * Shopify's length limit for the short texts the catalogue job writes. Sources, per field:
 * - option names: "Option names have a 255-character limit." (Storefront API 2026-07,
 *   objects/ProductOption; Admin API 2024-04 objects/ProductOption: "The limit for each product
 *   property name is 255 characters.")
 * - product titles: "The title cannot be longer than 255 characters."
 *   (CombinedListingUpdateUserErrorCode.TITLE_TOO_LONG, vendored 2026-10 schema)
 * - barcodes: "Barcode must be 255 characters or less."
 *   (InventoryShipmentCreateUserErrorCode.BARCODE_TOO_LONG, vendored 2026-10 schema)
 * - option values: ProductOptionsCreateUserErrorCode.OPTION_VALUE_NAME_TOO_LONG ("Option value
 *   name is too long.") says there is a limit but not its size.
 * The schema is silent on the size for option values, vendor, product type, handle, SKU,
 * collection titles and `id` metafield values: the stricter reading, 255 like the documented
 * ones, is taken for each.
 */
export const MAX_TEXT = 255;

/**
 * Characters as Ruby's String#length counts them (code points), not UTF-16 units: an emoji is
 * one character. Not documented; the stricter of the two would count units, but a limit Shopify
 * states in "characters" is read as characters.
 */
export function textLength(text: string): number {
  return Array.from(text).length;
}

/**
 * A userError when `value` is over the limit, worded as Shopify's ActiveRecord validations word
 * it ("Title is too long (maximum is 255 characters)"); productSet has no TOO_LONG code of its
 * own (ProductSetUserErrorCode), so the caller passes the closest one it has.
 */
export function tooLongError(
  value: string | null | undefined,
  field: readonly (string | number)[],
  label: string,
  code: string | null,
): UserError | null {
  if (value === null || value === undefined || textLength(value) <= MAX_TEXT) return null;
  return userError(field, `${label} is too long (maximum is ${MAX_TEXT} characters)`, code);
}

/**
 * Option names and values as Shopify stores them: leading and trailing whitespace removed, so
 * "M " is "M" and collides with a value "M" (DUPLICATED_OPTION_VALUE). Issue 15 reports that
 * Shopify trims option values; neither the vendored schema descriptions nor the shopify.dev pages
 * searched (ProductOption, ProductOptionValue, productSet, OptionSetInput) say so either way.
 * Stricter reading: names and values are trimmed on write and on lookup, so a sender that relies
 * on whitespace to tell two values apart fails, and one that sends " M" sees "M" stored.
 */
export function stripped(text: string): string {
  return text.trim();
}
