import type { Entity, RecordError } from '../../domain/model/record-error.js';
import { contentHash } from './content-hash.js';

export type CopyChoice = 'keep' | 'replace' | 'ambiguous';

/**
 * API X's contract lets a record that changed during a paged read appear again on a later page.
 * Of two copies of one record the one with the later `updatedAt` wins, whichever was read first
 * (a stale copy can come second). Two different copies with the same `updatedAt` break the
 * contract: which one is current cannot be told, so the record is held back ('ambiguous').
 */
export function chooseCopy(
  kept: { readonly updatedAt: string; readonly hash: string },
  next: { readonly updatedAt: string; readonly hash: string },
): CopyChoice {
  const a = Date.parse(kept.updatedAt);
  const b = Date.parse(next.updatedAt);
  if (b > a) return 'replace';
  if (b < a) return 'keep';
  return kept.hash === next.hash ? 'keep' : 'ambiguous';
}

/** A record's `updatedAt` and content hash, what chooseCopy compares. */
export function copyOf(record: { readonly updatedAt: string }): {
  readonly updatedAt: string;
  readonly hash: string;
} {
  return { updatedAt: record.updatedAt, hash: contentHash(record) };
}

/** The error recorded for an ambiguous repeat (a category or a product), the later copy as payload. */
export function ambiguousCopy(
  entity: Entity,
  record: { readonly externalId: string; readonly updatedAt: string },
): RecordError {
  return {
    entity,
    externalId: record.externalId,
    field: 'updatedAt',
    reason: `${entity} ${record.externalId} appears twice in API X's feed with the same updatedAt (${record.updatedAt}) and different content; it is held back until API X serves one version`,
    payload: record,
  };
}
