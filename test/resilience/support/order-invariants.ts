import type { E2eEnvironment } from '../../support/e2e-environment.js';

export interface OrderCheckOptions {
  /** Shopify order ids API X rejects for good: they must be dead with a reason, never in API X. */
  readonly rejected?: ReadonlySet<string>;
}

interface OrderRow {
  shopify_id: string;
  push_state: string;
  version: number;
  pushed_version: number | null;
  last_error: string | null;
  shopify_updated_at: Date;
}

/**
 * Every order version exactly once in API X, in order, and nothing forgotten:
 * - one API X order per Shopify order (no duplicate orders), none for rejected ones;
 * - its versions never repeat a body (a version sent twice would) and their updatedAt never go
 *   back (an older version after a newer one would);
 * - the last version is the order as Shopify has it now (same updatedAt), and Postgres agrees
 *   (pushed, pushed_version = version);
 * - rejected orders are dead with API X's reason; nothing is left pending or failed.
 * Test orders (skipped by default) are not expected in API X.
 */
export async function orderProblems(
  e2e: E2eEnvironment,
  options: OrderCheckOptions = {},
): Promise<string[]> {
  const problems: string[] = [];
  const { rows } = await e2e.db.pool.query<OrderRow>(
    `SELECT shopify_id, push_state, version, pushed_version, last_error, shopify_updated_at FROM orders`,
  );
  const stored = new Map(rows.map((r) => [r.shopify_id, r]));
  const apixOrders = e2e.apix.orders.list();
  const perExternal = new Map<string, number>();
  for (const o of apixOrders)
    perExternal.set(o.externalId, (perExternal.get(o.externalId) ?? 0) + 1);
  for (const [id, n] of perExternal) if (n > 1) problems.push(`${id}: ${n} orders in API X`);

  for (const order of e2e.shopify.orders.list()) {
    if (order.test) continue;
    const id = `gid://shopify/Order/${order.num}`;
    const row = stored.get(id);
    const inApix = e2e.apix.orders.byExternalId(id);
    if (!row) {
      problems.push(`${id}: never stored in Postgres`);
      continue;
    }
    if (options.rejected?.has(id)) {
      if (inApix) problems.push(`${id}: rejected, yet in API X`);
      if (row.push_state !== 'dead' || !row.last_error)
        problems.push(`${id}: rejected but ${row.push_state} (${row.last_error ?? 'no reason'})`);
      continue;
    }
    if (!inApix) {
      problems.push(`${id}: not in API X (${row.push_state}, ${row.last_error ?? 'no error'})`);
      continue;
    }
    const bodies = inApix.versions.map((v) => JSON.stringify(v));
    if (new Set(bodies).size !== bodies.length)
      problems.push(
        `${id}: a version reached API X twice (${bodies.length} versions, ${new Set(bodies).size} distinct)`,
      );
    const times = inApix.versions.map((v) => Date.parse((v as { updatedAt: string }).updatedAt));
    if (times.some((t, i) => i > 0 && t < (times[i - 1] ?? 0)))
      problems.push(`${id}: versions out of order`);
    if (times[times.length - 1] !== order.updatedAt)
      problems.push(`${id}: API X's last version is not Shopify's current order`);
    if (inApix.versions.length > row.version)
      problems.push(
        `${id}: API X has ${inApix.versions.length} versions, Postgres saw ${row.version}`,
      );
    if (row.push_state !== 'pushed' || row.pushed_version !== row.version)
      problems.push(
        `${id}: ${row.push_state} v${row.pushed_version ?? '-'}/${row.version} (${row.last_error ?? ''})`,
      );
  }
  return problems;
}

/** Orders still waiting (pending or failed): after the faults stop, extra runs must drain them. */
export async function waitingOrders(e2e: E2eEnvironment): Promise<number> {
  const { rows } = await e2e.db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM orders WHERE push_state IN ('pending', 'failed')`,
  );
  return Number(rows[0]?.n ?? 0);
}
