import type { E2eEnvironment } from '../../support/e2e-environment.js';

/**
 * What must hold once a run completed after any number of crashes: every shipped API X shipment
 * is carried by exactly one standing Shopify fulfilment (found by its tracking numbers, unique per
 * shipment here), a cancelled one by none, no order has more standing fulfilments than shipments,
 * and no shipment is left in `intent`.
 */
export async function shipmentProblems(e2e: E2eEnvironment): Promise<string[]> {
  const problems: string[] = [];
  const shipments = e2e.apix.shipments.list();
  const byOrder = new Map<string, number>();
  for (const s of shipments) {
    const orderId = s.orderExternalId;
    if (orderId === null) continue;
    if (s.status === 'shipped') byOrder.set(orderId, (byOrder.get(orderId) ?? 0) + 1);
    const carrying = e2e.shopify.fulfillments
      .fulfillments(orderId)
      .filter((f) => f.status === 'SUCCESS')
      .filter((f) =>
        f.tracking.some((t) => t.number !== null && s.trackingNumbers.includes(t.number)),
      );
    if (s.status === 'cancelled' && carrying.length > 0)
      problems.push(`${s.id} is cancelled but ${carrying.map((f) => f.id).join(', ')} stands`);
    if (s.status === 'shipped' && carrying.length !== 1)
      problems.push(
        `${s.id} (${s.trackingNumbers.join(', ')}) is carried by ${carrying.length} fulfilments`,
      );
  }
  for (const [orderId, expected] of byOrder) {
    const standing = e2e.shopify.fulfillments
      .fulfillments(orderId)
      .filter((f) => f.status === 'SUCCESS' && !f.byHand).length;
    if (standing !== expected)
      problems.push(`${orderId} has ${standing} fulfilments for ${expected} shipments`);
  }
  const { rows } = await e2e.db.pool.query<{ shipment_id: string }>(
    `SELECT shipment_id FROM shipments WHERE state = 'intent'`,
  );
  problems.push(...rows.map((r) => `${r.shipment_id} is still in intent`));
  return problems;
}
