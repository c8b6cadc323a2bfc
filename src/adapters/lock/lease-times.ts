import type { V1Lease } from '@kubernetes/client-node';

/** Whether the holder stopped renewing the Lease for longer than its duration (or never did). */
export function isExpired(lease: V1Lease, now: Date): boolean {
  const renewed = toDate(lease.spec?.renewTime) ?? toDate(lease.spec?.acquireTime);
  if (!renewed) return true;
  return renewed.getTime() + (lease.spec?.leaseDurationSeconds ?? 0) * 1000 <= now.getTime();
}

/** When the current holder took the Lease (ISO), or null. */
export function sinceOf(lease: V1Lease | null): string | null {
  const since = toDate(lease?.spec?.acquireTime) ?? toDate(lease?.spec?.renewTime);
  return since ? since.toISOString() : null;
}

// client-node types MicroTime fields as Date but hands back the wire string.
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
