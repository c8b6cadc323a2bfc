import type { CoordinationApi } from './lease-lock.js';
import { leaseNameFor } from './lease-name.js';
import { isExpired, toDate } from './lease-times.js';
import { lockName } from '../../domain/lock-name.js';
import type { JobName } from '../../domain/model/sync-run.js';

export interface LockHolder {
  readonly lock: string | null;
  readonly job: JobName | null;
  readonly shop: string | null;
  readonly holder: string;
  readonly since: string | null;
}

/**
 * The current holders of the Leases of the known jobs and shops. Only `get` on named Leases is
 * needed, which the chart's Role already grants the jobs (no `list`). A Lease held by nobody, or
 * whose holder stopped renewing it past its duration, is free.
 */
export async function readLeaseHolders(
  api: Pick<CoordinationApi, 'readNamespacedLease'>,
  namespace: string,
  pairs: readonly { readonly job: JobName; readonly shop: string }[],
  now: Date = new Date(),
): Promise<LockHolder[]> {
  const holders: LockHolder[] = [];
  for (const { job, shop } of pairs) {
    const lock = lockName(job, shop);
    let lease;
    try {
      lease = await api.readNamespacedLease({ name: leaseNameFor(lock), namespace });
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) continue;
      throw error;
    }
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder === '' || isExpired(lease, now)) continue;
    holders.push({
      lock,
      job,
      shop,
      holder,
      since: toDate(lease.spec?.acquireTime)?.toISOString() ?? null,
    });
  }
  return holders;
}
