import { createHash } from 'node:crypto';
import type { JobName } from './model/sync-run.js';

/**
 * The lock (and Kubernetes Lease) name of one job for one shop. It must be a DNS label, and the
 * Helm chart renders the same names for its Role's resourceNames, so the two algorithms must stay
 * identical: lowercase, anything outside [a-z0-9-] becomes '-', the shop slug drops
 * ".myshopify.com"; names over 63 characters are cut to 54 and get '-' + 8 hex of sha256(name).
 */
export function lockName(job: JobName, shop: string): string {
  const slug = shop.toLowerCase().replace(/\.myshopify\.com$/, '');
  const name = `integration-service-${job}-${slug}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  if (name.length <= 63) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, 54)}-${hash}`;
}
