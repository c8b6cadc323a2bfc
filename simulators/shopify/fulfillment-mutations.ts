/**
 * fulfillmentCreate, fulfillmentTrackingInfoUpdate and fulfillmentCancel, as the 2026-10 schema
 * describes them (quoted next to each behaviour).
 */
import type { SimContext } from './context.js';
import {
  FULFILLABLE_STATUSES,
  type FoPick,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type FulfillmentStore,
  type TrackingRecord,
} from './fulfillment-records.js';
import { fulfillmentView } from './fulfillment-views.js';
import { gid, parseGid } from './gid.js';
import { userError, type UserError } from './user-error.js';

interface TrackingInput {
  company?: string | null;
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
}

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * FulfillmentTrackingInput's note: "If you provide the `url` field, you should not provide the
 * `urls` field. If you provide the `number` field, you should not provide the `numbers` field.
 * If you provide the `url` field, you should provide the `number` field. If you provide the
 * `urls` field, you should provide the `numbers` field." Shopify's docs say "should"; the
 * simulator takes the stricter reading and refuses. URLs "must be an RFC 3986 ... compliant URI
 * string ... It includes a scheme (`https`) and a host".
 */
export function trackingOf(
  input: TrackingInput | null | undefined,
  at: readonly string[],
  knownCompanies: ReadonlySet<string>,
): { tracking: TrackingRecord[]; errors: UserError[] } {
  if (!input) return { tracking: [], errors: [] };
  const errors: UserError[] = [];
  const bad = (field: string, message: string) =>
    errors.push(userError([...at, field], message, null));
  if (input.url != null && input.urls != null) bad('urls', 'Provide either url or urls, not both');
  if (input.number != null && input.numbers != null)
    bad('numbers', 'Provide either number or numbers, not both');
  if (input.url != null && input.number == null) bad('url', 'A tracking url needs a number');
  if (input.urls != null && input.numbers == null) bad('urls', 'Tracking urls need numbers');
  for (const u of [input.url, ...(input.urls ?? [])])
    if (u != null && !isUrl(u)) bad('url', `Url is invalid: ${u}`);
  if (errors.length > 0) return { tracking: [], errors };
  const numbers = input.numbers ?? (input.number != null ? [input.number] : []);
  const urls = input.urls ?? (input.url != null ? [input.url] : []);
  const company = input.company ?? null;
  // FulfillmentTrackingInput.company: for a company "from the list, Shopify will automatically
  // build tracking URLs for all provided tracking numbers"; "capitalization matters". Otherwise
  // a number is clickable only with its URL ("matched ... based on their positions").
  const known = company !== null && knownCompanies.has(company);
  const tracking: TrackingRecord[] = numbers.map((number, i) => ({
    company,
    number,
    url:
      urls[i] ??
      (known ? `https://tracking.simulator.invalid/${encodeURIComponent(number)}` : null),
  }));
  if (tracking.length === 0 && company !== null)
    tracking.push({ company, number: null, url: urls[0] ?? null });
  return { tracking, errors };
}

export function fulfillmentMutations(
  store: FulfillmentStore,
  ctx: SimContext,
  knownCompanies: ReadonlySet<string>,
) {
  const payload = (f: FulfillmentRecord | null, userErrors: UserError[]) => ({
    fulfillment: f && fulfillmentView(store, f, ctx),
    userErrors,
  });
  return {
    fulfillmentCreate(args: {
      fulfillment: {
        lineItemsByFulfillmentOrder: {
          fulfillmentOrderId: string;
          fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
        }[];
        notifyCustomer?: boolean | null;
        trackingInfo?: TrackingInput | null;
      };
    }) {
      const input = args.fulfillment;
      const errors: UserError[] = [];
      const at = ['fulfillment', 'lineItemsByFulfillmentOrder'];
      const bad = (path: readonly (string | number)[], message: string) =>
        errors.push(userError([...at, ...path], message, null));
      const picks: FoPick[] = [];
      const fos: FulfillmentOrderRecord[] = [];
      input.lineItemsByFulfillmentOrder.forEach((group, i) => {
        const fo = store.fulfillmentOrder(
          parseGid(group.fulfillmentOrderId, 'FulfillmentOrder') ?? -1,
        );
        const order = fo && ctx.orders.list().find((o) => o.num === fo.orderNum);
        if (!fo || !order) {
          bad([i, 'fulfillmentOrderId'], 'Fulfillment order does not exist.');
          return;
        }
        fos.push(fo);
        // Reported for closed or cancelled fulfillment orders ("has an unfulfillable status").
        // ON_HOLD ("can't be initiated until the hold ... is released"), SCHEDULED ("will be
        // ready for fulfillment after ... `fulfill_at`") and INCOMPLETE are refused the same way:
        // FulfillmentOrderStatus names only OPEN as "ready for fulfillment" (stricter reading).
        if (!FULFILLABLE_STATUSES.has(fo.status)) {
          bad(
            [i, 'fulfillmentOrderId'],
            `Fulfillment order ${group.fulfillmentOrderId} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
          );
          return;
        }
        // FulfillmentOrderLineItemsInput: "If left blank, all line items of the fulfillment
        // order will be fulfilled. Accepts a maximum of 512 line items."
        const items = group.fulfillmentOrderLineItems;
        if (items && items.length > 512) {
          bad([i, 'fulfillmentOrderLineItems'], 'Too many line items (512 at most).');
          return;
        }
        const wanted =
          items ??
          fo.lines
            .filter((l) => l.remaining > 0)
            .map((l) => ({ id: gid('FulfillmentOrderLineItem', l.num), quantity: l.remaining }));
        wanted.forEach((item, j) => {
          const line = fo.lines.find((l) => gid('FulfillmentOrderLineItem', l.num) === item.id);
          if (!line) {
            bad(
              [i, 'fulfillmentOrderLineItems', j, 'id'],
              'Fulfillment order line item does not belong to the fulfillment order.',
            );
            return;
          }
          // The message Shopify answers when more than remains is asked for (reported in
          // nozzlegear/ShopifySharp#948); zero or negative is refused the same way.
          if (item.quantity < 1 || item.quantity > line.remaining) {
            bad(
              [i, 'fulfillmentOrderLineItems', j, 'quantity'],
              'Invalid fulfillment order line item quantity requested.',
            );
            return;
          }
          picks.push({ fo, line, quantity: item.quantity });
        });
      });
      // fulfillmentCreate: "The fulfillment orders are associated with the same Order and are
      // assigned to the same Location."
      if (
        new Set(fos.map((fo) => fo.orderNum)).size > 1 ||
        new Set(fos.map((fo) => fo.locationNum)).size > 1
      )
        bad(
          [],
          'All fulfillment orders must belong to the same order and be assigned to the same location.',
        );
      const tracking = trackingOf(
        input.trackingInfo,
        ['fulfillment', 'trackingInfo'],
        knownCompanies,
      );
      errors.push(...tracking.errors);
      if (errors.length === 0 && picks.length === 0) bad([], 'There are no line items to fulfill.');
      if (errors.length > 0) return payload(null, errors);
      const first = fos[0]!;
      // FulfillmentInput.notifyCustomer: "If true, then a notification is sent when the
      // fulfillment is created. The default value is false."
      const f = store.record(
        first.orderNum,
        first.locationNum,
        picks,
        tracking.tracking,
        input.notifyCustomer === true,
        false,
      );
      return payload(f, []);
    },
    fulfillmentTrackingInfoUpdate(args: {
      fulfillmentId: string;
      notifyCustomer?: boolean | null;
      trackingInfoInput: TrackingInput;
    }) {
      const f = store.fulfillment(parseGid(args.fulfillmentId, 'Fulfillment') ?? -1);
      if (!f || !ctx.orders.list().some((o) => o.num === f.orderNum))
        return payload(null, [userError(['fulfillmentId'], 'Fulfillment does not exist.', null)]);
      // Stricter reading: a cancelled fulfilment's tracking is not changed.
      if (f.status === 'CANCELLED')
        return payload(null, [userError(['fulfillmentId'], 'Fulfillment is cancelled.', null)]);
      const tracking = trackingOf(args.trackingInfoInput, ['trackingInfoInput'], knownCompanies);
      if (tracking.errors.length > 0) return payload(null, tracking.errors);
      f.tracking = tracking.tracking;
      f.updatedAt = store.now();
      // notifyCustomer: "When enabled, customers receive shipping update emails"; "If this field
      // is left blank, then notifications won't be sent" (the V2 argument's wording).
      if (args.notifyCustomer === true) f.notifications += 1;
      store.touchOrder(f.orderNum);
      return payload(f, []);
    },
    fulfillmentCancel(args: { id: string }) {
      const f = store.fulfillment(parseGid(args.id, 'Fulfillment') ?? -1);
      if (!f || !ctx.orders.list().some((o) => o.num === f.orderNum))
        return payload(null, [userError(['id'], 'Fulfillment does not exist.', null)]);
      if (f.status === 'CANCELLED')
        return payload(null, [userError(['id'], 'Fulfillment is already cancelled.', null)]);
      f.status = 'CANCELLED';
      f.updatedAt = store.now();
      store.unfulfil(f);
      // fulfillmentCancel: "If a fulfillment order was entirely fulfilled, then it automatically
      // closes. If a fulfillment order is partially fulfilled, then the remaining quantities
      // adjust to include the cancelled items. The system creates new fulfillment orders at the
      // original Location" for items of a closed one.
      const reopened = new Map<number, [number, number][]>();
      for (const l of f.lines) {
        const fo = store.fulfillmentOrder(l.foNum)!;
        const line = fo.lines.find((x) => x.num === l.foLineNum)!;
        if (fo.status === 'CLOSED') {
          reopened.set(fo.num, [...(reopened.get(fo.num) ?? []), [l.lineNum, l.quantity]]);
        } else {
          line.remaining += l.quantity;
          fo.updatedAt = store.now();
        }
      }
      for (const [foNum, lines] of reopened) {
        const fo = store.fulfillmentOrder(foNum)!;
        store.reopen(fo.orderNum, fo.locationNum, lines);
      }
      store.touchOrder(f.orderNum);
      return payload(f, []);
    },
  };
}
