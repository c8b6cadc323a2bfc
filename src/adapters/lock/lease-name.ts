import { createHash } from 'node:crypto';

const MAX_LABEL = 63;
const HASH_CHARS = 8;

/**
 * The Kubernetes object name (an RFC 1123 DNS label: lower-case alphanumerics and '-', at most 63
 * characters) for a lock name. A name that is already a valid label is used as is; otherwise it
 * is lower-cased, other characters become '-', and a short hash of the original name is appended
 * so that two different lock names (`a.b`, `a_b`) never share a lease.
 */
export function leaseNameFor(lockName: string): string {
  if (lockName.length <= MAX_LABEL && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(lockName))
    return lockName;
  const hash = createHash('sha256').update(lockName).digest('hex').slice(0, HASH_CHARS);
  const slug = lockName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, MAX_LABEL - HASH_CHARS - 1)
    .replace(/^-+|-+$/g, '');
  return slug ? `${slug}-${hash}` : `lock-${hash}`;
}
