import type { Config } from '../config/config.js';

/** The shop an operator command is about: --shop, else SHOPIFY_SHOP, else null (every shop). */
export function operatorShop(
  parsed: { readonly flags: { readonly shop?: string } },
  config: Config,
  fallbackToConfig = true,
): string | null {
  const flag = parsed.flags.shop;
  if (typeof flag === 'string') return flag;
  return fallbackToConfig && config.shopify.shop !== '' ? config.shopify.shop : null;
}

/** A whole number from a flag, or an error message naming the flag. */
export function positiveIntFlag<N extends string>(
  parsed: { readonly flags: { readonly [K in N]?: string } },
  name: N,
  fallback: number,
  max = 10_000,
): number | string {
  const value = parsed.flags[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1 || n > max)
    return `--${name} must be a whole number from 1 to ${max} (got '${String(value)}')`;
  return n;
}
