import type { Order, OrderPushState } from '../../../src/domain/model/order.js';
import type { DeliveryBacklog } from '../../../src/domain/ports/delivery-backlog.js';
import type { DeletedOrder, OrderDeletions } from '../../../src/domain/ports/order-deletions.js';
import type { OrderIntake, StoredOrderInput } from '../../../src/domain/ports/order-intake.js';
import type {
  AttemptOutcome,
  DueOrder,
  OrderOutbox,
  RecordedPush,
} from '../../../src/domain/ports/order-outbox.js';
import type { OrdersPastHorizon } from '../../../src/domain/ports/orders-past-horizon.js';

type State = OrderPushState | 'skipped' | 'deleted';

/** One order as the in-memory outbox holds it (the columns of the Postgres table that matter). */
export interface HeldOrder {
  order: Order;
  hash: string;
  version: number;
  state: State;
  attempts: number;
  nextAttemptAt: number;
  apixReference: string | null;
  pushedVersion: number | null;
  inflightVersion: number | null;
  lastError: string | null;
}

/** One recorded attempt: which order, which request, what it led to. */
export interface RecordedAttempt {
  readonly shopifyId: string;
  readonly kind: 'create' | 'update';
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly outcome: AttemptOutcome;
}

/** A tombstone (deleted_orders): when Shopify deleted the order, when the check found it. */
export interface Tombstone {
  readonly deletedAt: string;
  readonly foundAt: Date;
}

/**
 * The orders outbox in memory, with the Postgres store's rules (tested against real Postgres in
 * test/adapters): an older or equal copy never replaces a stored one, a changed pushed order goes
 * back to pending, an order with a tombstone is never stored, claims hide an order for
 * `claimSeconds`, cursors only move forward. `orders`, `tombstones`, `cursors` and `attempts` are
 * open for the assertions.
 */
export function createInMemoryOrderStore(clock: () => Date = () => new Date()) {
  const orders = new Map<string, HeldOrder>();
  const tombstones = new Map<string, Tombstone>();
  const cursors = new Map<string, string>();
  const attempts: RecordedAttempt[] = [];
  const moveCursor = (stream: string, at: string) => {
    const was = cursors.get(stream);
    if (was === undefined || Date.parse(at) > Date.parse(was)) cursors.set(stream, at);
  };
  const diff = (input: readonly StoredOrderInput[]) => {
    let inserted = 0;
    let changed = 0;
    for (const { order, payloadHash } of input) {
      const held = orders.get(order.shopifyId);
      if (held === undefined) inserted++;
      else if (
        held.hash !== payloadHash &&
        held.state !== 'deleted' &&
        Date.parse(held.order.updatedAt) <= Date.parse(order.updatedAt)
      )
        changed++;
    }
    return { inserted, changed, unchanged: input.length - inserted - changed };
  };
  /** A page as storing it would count it: tombstoned orders left out and counted deleted. */
  const outcome = (page: readonly StoredOrderInput[]) => {
    const input = page.filter((o) => !tombstones.has(o.order.shopifyId));
    const deleted = page.length - input.length;
    return { input, result: { ...diff(input), ...(deleted > 0 ? { deleted } : {}) } };
  };
  const due = (o: HeldOrder) =>
    (o.state === 'pending' || o.state === 'failed') && o.nextAttemptAt <= clock().getTime();

  const record = (
    order: DueOrder,
    attempt: RecordedPush['attempt'],
    outcome: AttemptOutcome,
  ): void => {
    attempts.push({ shopifyId: order.shopifyId, ...attempt, outcome });
    const held = orders.get(order.shopifyId);
    if (held === undefined) return;
    if (outcome.kind === 'accepted')
      Object.assign(held, {
        apixReference: outcome.reference,
        pushedVersion: order.inflightVersion,
        attempts: 0,
        lastError: null,
        state: held.version > order.inflightVersion ? 'pending' : 'pushed',
        nextAttemptAt: clock().getTime(),
        inflightVersion: null,
      });
    else if (outcome.kind === 'retry')
      Object.assign(held, {
        state: 'failed',
        attempts: held.attempts + 1,
        lastError: outcome.reason,
        nextAttemptAt: outcome.nextAttemptAt.getTime(),
      });
    else
      Object.assign(held, {
        state: 'dead',
        attempts: held.attempts + 1,
        lastError: outcome.reason,
        inflightVersion: null,
      });
  };

  const store: OrderIntake & OrdersPastHorizon & OrderDeletions & OrderOutbox & DeliveryBacklog = {
    async cursor(stream) {
      return cursors.get(stream) ?? null;
    },
    async storePage(page, stream, cursor) {
      const { input, result } = outcome(page);
      for (const { order, payloadHash, push } of input) {
        const held = orders.get(order.shopifyId);
        if (held === undefined) {
          orders.set(order.shopifyId, {
            order,
            hash: payloadHash,
            version: 1,
            state: push ? 'pending' : 'skipped',
            attempts: 0,
            nextAttemptAt: clock().getTime(),
            apixReference: null,
            pushedVersion: null,
            inflightVersion: null,
            lastError: null,
          });
        } else if (
          held.hash !== payloadHash &&
          held.state !== 'deleted' &&
          Date.parse(held.order.updatedAt) <= Date.parse(order.updatedAt)
        ) {
          Object.assign(held, { order, hash: payloadHash, version: held.version + 1 });
          if (held.state === 'pushed')
            Object.assign(held, { state: 'pending', nextAttemptAt: clock().getTime() });
        }
      }
      if (cursor !== null) moveCursor(stream, cursor);
      return result;
    },
    async storedSince(stamps) {
      return new Set(
        stamps
          .filter((s) => {
            const held = orders.get(s.id);
            return (
              held !== undefined && Date.parse(held.order.updatedAt) >= Date.parse(s.updatedAt)
            );
          })
          .map((s) => s.id),
      );
    },
    async storedWindow(since) {
      const inWindow = [...orders.values()].filter(
        (o) => o.state !== 'deleted' && Date.parse(o.order.updatedAt) >= Date.parse(since),
      );
      const newest = Math.max(...inWindow.map((o) => Date.parse(o.order.updatedAt)));
      return {
        count: inWindow.length,
        newestUpdatedAt: inWindow.length === 0 ? null : new Date(newest).toISOString(),
      };
    },
    async openOrdersCreatedBefore(at) {
      return [...orders.values()].filter(
        (o) =>
          Date.parse(o.order.createdAt) < at.getTime() &&
          o.state !== 'skipped' &&
          o.state !== 'deleted' &&
          o.order.cancelledAt === null &&
          o.order.financialStatus !== 'REFUNDED' &&
          o.order.financialStatus !== 'VOIDED',
      ).length;
    },
    async markDeleted(destroyed, stream, cursor) {
      const marked: DeletedOrder[] = [];
      for (const { id, deletedAt } of destroyed)
        if (!tombstones.has(id)) tombstones.set(id, { deletedAt, foundAt: clock() });
      for (const id of new Set(destroyed.map((d) => d.id))) {
        const held = orders.get(id);
        if (held === undefined || held.state === 'deleted') continue;
        marked.push({
          shopifyId: id,
          name: held.order.name,
          apixReference: held.apixReference,
          pushedVersion: held.pushedVersion,
          previousState: held.state,
          inflightVersion: held.inflightVersion,
        });
        Object.assign(held, {
          state: 'deleted',
          inflightVersion: null,
          lastError: 'deleted in Shopify',
        });
      }
      moveCursor(stream, cursor);
      return marked;
    },
    async previewPage(page) {
      return outcome(page).result;
    },
    async claimDue(limit, claimSeconds) {
      const claimed = [...orders.values()]
        .filter(due)
        .sort((a, b) => Date.parse(a.order.updatedAt) - Date.parse(b.order.updatedAt))
        .slice(0, limit);
      return claimed.map((held): DueOrder => {
        held.nextAttemptAt = clock().getTime() + claimSeconds * 1000;
        held.inflightVersion = held.version;
        return {
          shopifyId: held.order.shopifyId,
          name: held.order.name,
          version: held.version,
          inflightVersion: held.version,
          payload: held.order,
          apixReference: held.apixReference,
          attempts: held.attempts,
        };
      });
    },
    async recordAttempts(batch) {
      for (const { order, attempt, outcome } of batch) record(order, attempt, outcome);
    },
    async countDue() {
      return [...orders.values()].filter(due).length;
    },
    async oldestUndeliveredSince() {
      const waiting = [...orders.values()].filter(
        (o) => o.state === 'pending' || o.state === 'failed',
      );
      if (waiting.length === 0) return null;
      return new Date(Math.min(...waiting.map((o) => Date.parse(o.order.updatedAt))));
    },
    async backlog() {
      const out = { pending: 0, pushed: 0, failed: 0, dead: 0, skipped: 0, deleted: 0 };
      for (const o of orders.values()) out[o.state]++;
      return out;
    },
  };
  return { store, orders, tombstones, cursors, attempts };
}
