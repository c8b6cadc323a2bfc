import { GraphQLError } from 'graphql';

/** `gid://shopify/Product/123` */
export function gid(type: string, num: number): string {
  return `gid://shopify/${type}/${num}`;
}

/** The numeric part of a GID of the given type, or null when it is not one. */
export function parseGid(id: unknown, type: string): number | null {
  if (typeof id !== 'string') return null;
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(id);
  if (!m || m[1] !== type) return null;
  const n = Number(m[2]);
  return Number.isSafeInteger(n) ? n : null;
}

/** Type name and number of any GID; throws Shopify's "Invalid global id" error for garbage. */
export function splitGid(id: string): { type: string; num: number } {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(id);
  if (!m)
    throw new GraphQLError(`Invalid global id '${id}'`, {
      extensions: { code: 'argumentLiteralsIncompatible' },
    });
  return { type: m[1] ?? '', num: Number(m[2]) };
}

/** Shopify prints DateTime without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
