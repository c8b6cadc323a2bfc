import { createHash } from 'node:crypto';

/**
 * The Lease name algorithm the chart's "integration-service.leaseName" helper implements, written
 * independently here so the test compares two implementations: lowercase, anything outside
 * [a-z0-9-] becomes '-', the shop slug drops ".myshopify.com"; over 63 characters the name is cut
 * to 54 and gets '-' + the first 8 hex characters of sha256 of the full sanitised name.
 */
export function expectedLeaseName(job: string, shop: string): string {
  const slug = shop.toLowerCase().replace(/\.myshopify\.com$/, '');
  const name = `integration-service-${job}-${slug}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (name.length <= 63) return name;
  return `${name.slice(0, 54)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}
