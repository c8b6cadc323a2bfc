import type pg from 'pg';
import type { CustomIdRecord, RecordedCustomId } from '../../domain/ports/custom-id-record.js';

/** The sync_cursors stream holding the custom id, as JSON {namespace, key}. */
const STREAM = 'custom-id';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>;

/** Reads only: doctor uses it in its read-only session. */
export async function readRecordedCustomId(db: Queryable, shop: string): Promise<RecordedCustomId> {
  const { rows } = await (db as pg.Pool).query<{ value: string | null; mapped: boolean }>(
    `SELECT (SELECT value FROM sync_cursors WHERE shop = $1 AND stream = $2) AS value,
            EXISTS (SELECT 1 FROM mappings WHERE shop = $1) AS mapped`,
    [shop, STREAM],
  );
  const row = rows[0];
  if (row?.value) {
    const parsed: unknown = JSON.parse(row.value);
    const { namespace, key } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof namespace === 'string' && typeof key === 'string') return { namespace, key };
    throw new Error(`sync_cursors ${STREAM} of ${shop} is unreadable: ${row.value}`);
  }
  return row?.mapped ? 'unrecorded' : null;
}

/** The custom id of one shop, in sync_cursors (no migration: it is a per-shop value). */
export function createPgCustomIdRecord(pool: pg.Pool, shop: string): CustomIdRecord {
  return {
    recorded: () => readRecordedCustomId(pool, shop),
    async record(customId) {
      await pool.query(
        `INSERT INTO sync_cursors (shop, stream, value) VALUES ($1, $2, $3)
         ON CONFLICT (shop, stream) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
        [shop, STREAM, JSON.stringify({ namespace: customId.namespace, key: customId.key })],
      );
    },
  };
}
