import type pg from 'pg';

/** A pool, a pooled client in a transaction, or doctor's own read-only client. */
type Queryable = pg.Pool | pg.ClientBase;

/** A stream's cursor in sync_cursors, null before the stream was first read. */
export async function readCursor(
  db: Queryable,
  shop: string,
  stream: string,
): Promise<string | null> {
  const { rows } = await db.query<{ value: string }>(
    `SELECT value FROM sync_cursors WHERE shop = $1 AND stream = $2`,
    [shop, stream],
  );
  return rows[0]?.value ?? null;
}

/** Moves a stream's cursor forward only: a late, older cursor never moves it back. */
export async function moveCursorForward(
  db: Queryable,
  shop: string,
  stream: string,
  cursor: string,
): Promise<void> {
  await db.query(
    `INSERT INTO sync_cursors (shop, stream, value) VALUES ($1, $2, $3)
     ON CONFLICT (shop, stream) DO UPDATE
       SET value = CASE WHEN sync_cursors.value::timestamptz < EXCLUDED.value::timestamptz THEN EXCLUDED.value ELSE sync_cursors.value END,
           updated_at = now()`,
    [shop, stream, cursor],
  );
}

/** Sets a stream's cursor to `value`, earlier or later (a mark that may move back). */
export async function writeCursor(
  db: Queryable,
  shop: string,
  stream: string,
  value: string,
): Promise<void> {
  await db.query(
    `INSERT INTO sync_cursors (shop, stream, value) VALUES ($1, $2, $3)
     ON CONFLICT (shop, stream) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [shop, stream, value],
  );
}
