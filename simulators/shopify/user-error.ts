/** A `userErrors` entry as Shopify returns it (field is a path into the arguments). */
export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export function userError(
  field: readonly (string | number)[] | null,
  message: string,
  code: string | null,
): UserError {
  return { field: field ? field.map(String) : null, message, code };
}

/**
 * productSet's list limits ("Can only specify a maximum of 3 options", "... of 2048 variants"):
 * the one error when `list` under `input.<field>` is longer than `max`, else none.
 */
export function overLimitErrors(
  list: readonly unknown[],
  max: number,
  field: string,
  noun: string,
  code: string,
): UserError[] {
  return list.length > max
    ? [userError(['input', field], `Can only specify a maximum of ${max} ${noun}`, code)]
    : [];
}

/** Money as Shopify prints it: a decimal string with two places; null for anything else. */
export function normaliseMoney(value: unknown): string | null {
  const s = typeof value === 'number' ? String(value) : value;
  if (typeof s !== 'string' || !/^-?\d+(\.\d+)?$/.test(s.trim())) return null;
  const [int, frac = ''] = s.trim().split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}
