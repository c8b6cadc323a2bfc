import { cursorString, decodeCursor, encodeCursor } from './catalog-paging.js';
import type { OrderStore } from './order-store.js';

/** A shipment as API X serves it (docs/api-x.openapi.yaml, `Shipment`). */
export interface ShipmentRecord {
  id: string;
  orderExternalId: string | null;
  orderReference: string | null;
  warehouseId: string | null;
  shopifyLocationId: string | null;
  lines: { lineExternalId: string; quantity: number }[];
  carrier: string | null;
  trackingNumbers: string[];
  trackingUrl: string | null;
  shippedAt: string;
  status: 'shipped' | 'cancelled';
  cancelledAt: string | null;
  updatedAt: string;
}

export interface ShipOptions {
  /** Lines and quantities; default: every line of the latest pushed version, in full. */
  readonly lines?: readonly { readonly lineExternalId: string; readonly quantity: number }[];
  readonly warehouseId?: string | null;
  readonly shopifyLocationId?: string | null;
  readonly carrier?: string | null;
  readonly trackingNumbers?: readonly string[];
  readonly trackingUrl?: string | null;
  /** Name the order by API X's reference only (orderExternalId null). */
  readonly byReferenceOnly?: boolean;
}

/** Shipments of pushed orders as a warehouse produces them; tests drive it in process. */
export interface ShipmentBook {
  /** Ships (part of) an order API X received, named by reference or Shopify order id. */
  ship(order: string, options?: ShipOptions): ShipmentRecord;
  /** Changes tracking details of a shipment (a correction): same id, later updatedAt. */
  correct(
    id: string,
    changes: Partial<Pick<ShipmentRecord, 'carrier' | 'trackingNumbers' | 'trackingUrl'>>,
  ): ShipmentRecord;
  cancel(id: string): ShipmentRecord;
  /** Serves a record exactly as given (bad input from API X's side). */
  put(record: ShipmentRecord): void;
  get(id: string): ShipmentRecord | undefined;
  list(): readonly ShipmentRecord[];
  /** One page in (updatedAt, id) order; the cursor is the position of the page's last record. */
  page(request: { limit: number; cursor: string | null; updatedSinceMs: number | null }): {
    data: ShipmentRecord[];
    nextCursor: string | null;
  };
}

const encode = (r: ShipmentRecord): string => encodeCursor({ u: r.updatedAt, i: r.id });

function decode(cursor: string): { u: string; i: string } {
  const position = decodeCursor(cursor);
  return { u: cursorString(position, 'u'), i: cursorString(position, 'i') };
}

const after = (r: ShipmentRecord, pos: { u: string; i: string }): boolean =>
  r.updatedAt > pos.u || (r.updatedAt === pos.u && r.id > pos.i);

/**
 * API X's warehouse side: shipments are made for orders the order store received, with lines
 * taken from the latest version pushed. The clock is strictly increasing (one millisecond past
 * the last change at least) so that updatedAt orders changes as they happened.
 */
export function createShipmentBook(
  orders: Pick<OrderStore, 'get' | 'byExternalId'>,
  now: () => number = Date.now,
): ShipmentBook {
  const shipments = new Map<string, ShipmentRecord>();
  let sequence = 0;
  let last = 0;
  const tick = (): string => {
    last = Math.max(now(), last + 1);
    return new Date(last).toISOString();
  };
  const must = (id: string): ShipmentRecord => {
    const s = shipments.get(id);
    if (!s) throw new Error(`no shipment ${id}`);
    return s;
  };
  const sorted = () =>
    [...shipments.values()].sort((a, b) =>
      a.updatedAt === b.updatedAt ? (a.id < b.id ? -1 : 1) : a.updatedAt < b.updatedAt ? -1 : 1,
    );
  return {
    ship(order, options = {}) {
      const stored = orders.get(order) ?? orders.byExternalId(order);
      if (!stored) throw new Error(`API X never received order ${order}`);
      const latest = stored.versions.at(-1) as {
        lines: { externalId: string; quantity: number }[];
      };
      const at = tick();
      sequence += 1;
      const record: ShipmentRecord = {
        id: `SH-${String(sequence).padStart(6, '0')}`,
        orderExternalId: options.byReferenceOnly ? null : stored.externalId,
        orderReference: stored.reference,
        warehouseId: options.warehouseId ?? 'WH-1',
        shopifyLocationId: options.shopifyLocationId ?? null,
        lines: (
          options.lines ??
          latest.lines.map((l) => ({ lineExternalId: l.externalId, quantity: l.quantity }))
        ).map((l) => ({ ...l })),
        carrier: options.carrier === undefined ? 'DHL Express' : options.carrier,
        trackingNumbers: [...(options.trackingNumbers ?? [`TRK${1000000 + sequence}`])],
        trackingUrl: options.trackingUrl ?? null,
        shippedAt: at,
        status: 'shipped',
        cancelledAt: null,
        updatedAt: at,
      };
      shipments.set(record.id, record);
      return structuredClone(record);
    },
    correct(id, changes) {
      const s = must(id);
      if (changes.carrier !== undefined) s.carrier = changes.carrier;
      if (changes.trackingNumbers !== undefined) s.trackingNumbers = [...changes.trackingNumbers];
      if (changes.trackingUrl !== undefined) s.trackingUrl = changes.trackingUrl;
      s.updatedAt = tick();
      return structuredClone(s);
    },
    cancel(id) {
      const s = must(id);
      s.status = 'cancelled';
      s.updatedAt = tick();
      s.cancelledAt = s.updatedAt;
      return structuredClone(s);
    },
    put(record) {
      shipments.set(record.id, structuredClone(record));
    },
    get: (id) => {
      const s = shipments.get(id);
      return s && structuredClone(s);
    },
    list: () => sorted().map((s) => structuredClone(s)),
    page({ limit, cursor, updatedSinceMs }) {
      const position = cursor === null ? null : decode(cursor);
      const data: ShipmentRecord[] = [];
      for (const s of sorted()) {
        if (position !== null && !after(s, position)) continue;
        if (updatedSinceMs !== null && Date.parse(s.updatedAt) < updatedSinceMs) continue;
        // One record past the page tells whether there is a next page.
        if (data.length === limit) return { data, nextCursor: encode(data.at(-1)!) };
        data.push(structuredClone(s));
      }
      return { data, nextCursor: null };
    },
  };
}
