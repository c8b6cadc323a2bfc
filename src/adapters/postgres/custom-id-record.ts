import type pg from 'pg';
import type { CustomIdRecord, RecordedCustomId } from '../../domain/ports/custom-id-record.js';
import { readCursor, writeCursor } from './sync-cursors.js';

/** The sync_cursors stream holding the custom id, as JSON {namespace, key}. */
const STREAM = 'custom-id';

/** Reads only: doctor uses it in its read-only session. */
export async function readRecordedCustomId(
  db: pg.Pool | pg.ClientBase,
  shop: string,
): Promise<RecordedCustomId> {
  const value = await readCursor(db, shop, STREAM);
  if (value) {
    const parsed: unknown = JSON.parse(value);
    const { namespace, key } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof namespace === 'string' && typeof key === 'string') return { namespace, key };
    throw new Error(`sync_cursors ${STREAM} of ${shop} is unreadable: ${value}`);
  }
  const { rows } = await db.query<{ mapped: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM mappings WHERE shop = $1) AS mapped`,
    [shop],
  );
  return rows[0]?.mapped ? 'unrecorded' : null;
}

/** The custom id of one shop, in sync_cursors (no migration: it is a per-shop value). */
export function createPgCustomIdRecord(pool: pg.Pool, shop: string): CustomIdRecord {
  return {
    recorded: () => readRecordedCustomId(pool, shop),
    async record(customId) {
      await writeCursor(
        pool,
        shop,
        STREAM,
        JSON.stringify({ namespace: customId.namespace, key: customId.key }),
      );
    },
  };
}
