import type pg from 'pg';
import type { HandDeletionMarks } from '../../../domain/ports/hand-deletion-marks.js';
import { inTransaction } from '../pool.js';
import { readCursor, writeCursor } from '../sync-cursors.js';

const DELETIONS_CHECKED_UP_TO = 'product-deletions';
const DELETIONS_FULL_CHECK_AT = 'product-deletions-full-check';

/** A stored mark; anything unreadable counts as never checked (the safe side: a full check). */
function timestampOrNull(value: string | null): Date | null {
  if (value === null) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** HandDeletionMarks as two streams of sync_cursors (ISO timestamps). */
export function createPgHandDeletionMarks(pool: pg.Pool, shop: string): HandDeletionMarks {
  return {
    async deletionCheckMarks() {
      return {
        checkedUpTo: timestampOrNull(await readCursor(pool, shop, DELETIONS_CHECKED_UP_TO)),
        lastFullCheckAt: timestampOrNull(await readCursor(pool, shop, DELETIONS_FULL_CHECK_AT)),
      };
    },
    async recordDeletionCheck(checkedUpTo, full) {
      const streams = full
        ? [DELETIONS_CHECKED_UP_TO, DELETIONS_FULL_CHECK_AT]
        : [DELETIONS_CHECKED_UP_TO];
      // Both marks or neither: a full check is only recorded with the span it covered.
      await inTransaction(pool, async (c) => {
        for (const stream of streams) await writeCursor(c, shop, stream, checkedUpTo.toISOString());
      });
    },
  };
}
