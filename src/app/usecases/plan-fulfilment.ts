import type { Shipment, ShipmentLine, Tracking } from '../../domain/model/shipment.js';
import type { PushedOrder } from '../../domain/ports/shipment-store.js';
import type {
  FulfillmentOrderView,
  FulfilmentRequest,
  FulfilmentView,
} from '../../domain/ports/shopify-fulfilments.js';

/** Why a shipment cannot be written: the field of API X's record at fault and a reason. */
export interface Refusal {
  readonly field: string | null;
  /** With `passes`, the cause alone: the one who holds the shipment says how it is retried. */
  readonly reason: string;
  /** The cause is a Shopify state that passes on its own (a hold): retried every run. */
  readonly passes?: boolean;
}

export type Planned<T> =
  { readonly ok: true; readonly value: T } | ({ readonly ok: false } & Refusal);

const refuse = (field: string | null, reason: string): { ok: false } & Refusal => ({
  ok: false,
  field,
  reason,
});

/** The shipment's lines against the order as pushed: known line items, never more than ordered. */
export function checkLines(
  shipment: Shipment,
  order: Pick<PushedOrder, 'name'> & { readonly lines: readonly ShipmentLine[] },
): Refusal | null {
  const ordered = new Map(order.lines.map((l) => [l.lineItemId, l.quantity]));
  const shipped = new Map<string, number>();
  for (const [i, line] of shipment.lines.entries()) {
    const quantity = ordered.get(line.lineItemId);
    if (quantity === undefined)
      return {
        field: `lines[${i}].lineExternalId`,
        reason: `${line.lineItemId} is not a line of order ${order.name}`,
      };
    const total = (shipped.get(line.lineItemId) ?? 0) + line.quantity;
    if (total > quantity)
      return {
        field: `lines[${i}].quantity`,
        reason: `ships ${total} of ${line.lineItemId} but order ${order.name} has ${quantity}`,
      };
    shipped.set(line.lineItemId, total);
  }
  return null;
}

/**
 * The tracking to send. A carrier on Shopify's list goes by Shopify's spelling and Shopify
 * builds the links; any other carrier goes as a custom company and needs API X's trackingUrl,
 * repeated for every number ("provide tracking URLs for all tracking numbers",
 * FulfillmentTrackingInput.urls). A URL without a number cannot be sent ("If you provide the
 * `urls` field, you should provide the `numbers` field").
 */
export function trackingFor(
  shipment: Shipment,
  knownCompany: (carrier: string) => string | null,
): Planned<Tracking | null> {
  const { carrier, trackingNumbers: numbers, trackingUrl: url } = shipment;
  if (carrier === null && numbers.length === 0 && url === null) return { ok: true, value: null };
  if (url !== null && numbers.length === 0)
    return refuse('trackingNumbers', 'a trackingUrl without a tracking number cannot be sent');
  const known = carrier === null ? null : knownCompany(carrier);
  if (known === null && numbers.length > 0 && url === null)
    return refuse(
      'carrier',
      `${carrier === null ? 'no carrier' : `carrier "${carrier}" is not one Shopify builds tracking links for`} and no trackingUrl was sent: the customer would get a tracking number without a link`,
    );
  return {
    ok: true,
    value: {
      company: known ?? carrier,
      numbers: [...numbers],
      urls: url === null ? [] : numbers.map(() => url),
    },
  };
}

/** Equal tracking, whatever order a stored copy lists its keys in (jsonb does not keep it). */
export function sameTracking(a: Tracking | null, b: Tracking | null): boolean {
  const canonical = (t: Tracking | null) =>
    t === null ? 'null' : JSON.stringify([t.company, [...t.numbers], [...t.urls]]);
  return canonical(a) === canonical(b);
}

/** Quantities by line item, in a comparable form (a line may be named twice). */
function lineKey(lines: readonly ShipmentLine[]): string {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.lineItemId, (sums.get(l.lineItemId) ?? 0) + l.quantity);
  return JSON.stringify([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function sameLines(a: readonly ShipmentLine[], b: readonly ShipmentLine[]): boolean {
  return lineKey(a) === lineKey(b);
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

/**
 * Fulfillment order statuses that keep a shipment out until they pass (FulfillmentOrderStatus,
 * Admin GraphQL 2026-10): ON_HOLD "can't be initiated until the hold on the fulfillment order is
 * released"; SCHEDULED "will be ready for fulfillment after the date and time specified in
 * `fulfill_at`". What the merchant (or time) must do, for the shipment's reason.
 */
const PAUSED: ReadonlyMap<string, { verb: string; remedy: string }> = new Map([
  ['ON_HOLD', { verb: 'holds', remedy: 'release the hold' }],
  ['SCHEDULED', { verb: 'schedules', remedy: 'it opens at its fulfil-at time' }],
]);

/**
 * Takes the shipment's quantities from the order's open fulfillment orders at one location (a
 * fulfilment covers fulfillment orders "assigned to the same Location", fulfillmentCreate). With
 * a location given only that one is used; otherwise the first location that holds everything,
 * `preferred` first (the location the shipment's warehouse is mapped to: shipment-location.ts).
 * Never asks for more than `remainingQuantity`.
 */
export function allocate(
  lines: readonly ShipmentLine[],
  fulfillmentOrders: readonly FulfillmentOrderView[],
  locationId: string | null,
  preferred: string | null = null,
): Planned<Pick<FulfilmentRequest, 'groups'> & { locationId: string | null }> {
  const open = fulfillmentOrders.filter((fo) => FULFILLABLE.has(fo.status));
  const locations = [...new Set(open.map((fo) => fo.locationId))];
  const candidates =
    locationId !== null
      ? locations.filter((l) => l === locationId)
      : [...locations.filter((l) => l === preferred), ...locations.filter((l) => l !== preferred)];
  for (const location of candidates) {
    const groups = new Map<string, { id: string; quantity: number }[]>();
    const left = new Map(open.flatMap((fo) => fo.lines.map((l) => [l.id, l.remaining] as const)));
    let complete = true;
    for (const line of lines) {
      let need = line.quantity;
      for (const fo of open.filter((f) => f.locationId === location)) {
        for (const foLine of fo.lines) {
          if (foLine.lineItemId !== line.lineItemId || need === 0) continue;
          const take = Math.min(need, left.get(foLine.id) ?? 0);
          if (take === 0) continue;
          left.set(foLine.id, (left.get(foLine.id) ?? 0) - take);
          need -= take;
          const items = groups.get(fo.id) ?? [];
          const existing = items.find((i) => i.id === foLine.id);
          if (existing) existing.quantity += take;
          else items.push({ id: foLine.id, quantity: take });
          groups.set(fo.id, items);
        }
      }
      if (need > 0) complete = false;
    }
    if (complete)
      return {
        ok: true,
        value: {
          locationId: location,
          groups: [...groups].map(([fulfillmentOrderId, items]) => ({ fulfillmentOrderId, items })),
        },
      };
  }
  const remaining = (lineItemId: string) =>
    open.reduce(
      (n, fo) =>
        n +
        fo.lines.filter((l) => l.lineItemId === lineItemId).reduce((m, l) => m + l.remaining, 0),
      0,
    );
  const short = lines.findIndex((l) => remaining(l.lineItemId) < l.quantity);
  const paused = fulfillmentOrders.find(
    (fo) =>
      PAUSED.has(fo.status) &&
      (locationId === null || fo.locationId === locationId) &&
      fo.lines.some((l) => l.remaining > 0 && lines.some((s) => s.lineItemId === l.lineItemId)),
  );
  // Units the shipment needs wait in a fulfillment order Shopify keeps closed for now: the
  // shipment waits with them, not refused as if they had gone.
  if (paused) {
    const { verb, remedy } = PAUSED.get(paused.status)!;
    return {
      ok: false,
      field: null,
      reason: `Shopify ${verb} fulfilment order ${paused.id} (${paused.status}): ${remedy}`,
      passes: true,
    };
  }
  if (short >= 0) {
    const line = lines[short]!;
    return refuse(
      `lines[${short}].quantity`,
      `ships ${line.quantity} of ${line.lineItemId} but only ${remaining(line.lineItemId)} remain to fulfil in Shopify (refunded, removed or already fulfilled)`,
    );
  }
  if (locationId !== null)
    return refuse(
      'shopifyLocationId',
      `location ${locationId} does not hold these items in Shopify's fulfillment orders`,
    );
  return refuse(
    'lines',
    'the items are assigned to different Shopify locations: one shipment can only be fulfilled from one location',
  );
}

/** How far Shopify's clock may lag ours when recognising a fulfilment we created. */
export const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * After a crash between Shopify's answer and our record: the fulfilment we created, found by what
 * Shopify stores of it (its tracking numbers and line quantities; Fulfillment has no field for
 * our id), made no earlier than the recorded intent and not recorded for another shipment.
 */
export function findOwnFulfilment(
  fulfilments: readonly FulfilmentView[],
  intent: { lines: readonly ShipmentLine[]; tracking: Tracking | null; intentAt: string },
  recorded: ReadonlySet<string>,
): FulfilmentView | null {
  // Slack for clocks: the intent time is ours, createdAt is Shopify's (printed to the second), and
  // our clock may run ahead of Shopify's. Too little slack and our own fulfilment is not adopted
  // (the shipment is then held); a wide one is safe as the lines and tracking numbers must match.
  const after = Date.parse(intent.intentAt) - CLOCK_SLACK_MS;
  const numbers = JSON.stringify([...(intent.tracking?.numbers ?? [])].sort());
  return (
    fulfilments.find(
      (f) =>
        f.status === 'SUCCESS' &&
        !recorded.has(f.id) &&
        Date.parse(f.createdAt) >= after &&
        JSON.stringify([...f.trackingNumbers].sort()) === numbers &&
        sameLines(f.lines, intent.lines),
    ) ?? null
  );
}
