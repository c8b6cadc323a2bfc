import { UpstreamError } from '../../domain/errors.js';
import type { OrderSink, PushOutcome } from '../../domain/ports/order-sink.js';
import type {
  AttemptOutcome,
  DueOrder,
  OrderOutbox,
  RecordedPush,
} from '../../domain/ports/order-outbox.js';
import { deliverOrder } from './deliver-order.js';
import type { OrderArrivals } from './order-arrivals.js';
import { nextAttemptDelayMs } from './order-window.js';
import { runClaimed } from './run-concurrently.js';
import type { StepContext } from './step-context.js';
import { createWriteBehind } from './write-behind.js';

export interface PushOrdersDeps {
  readonly sink: OrderSink;
  readonly store: OrderOutbox;
  readonly now?: () => Date;
  readonly random?: () => number;
}

export interface PushOrdersOptions {
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly maxAttempts: number;
  /** How long a claim hides an order from other pushers; a crash leaves it due after this. */
  readonly claimSeconds?: number;
}

/** Maps what API X answered to what happens to the order next. */
export function decideAttempt(
  outcome: PushOutcome,
  attemptsBefore: number,
  maxAttempts: number,
  now: Date,
  random: () => number,
): AttemptOutcome {
  switch (outcome.kind) {
    case 'accepted':
      return { kind: 'accepted', reference: outcome.reference };
    case 'rejected':
      return {
        kind: 'dead',
        reason: `API X rejected the order (HTTP ${outcome.status}): ${outcome.reason}`,
      };
    // Left after reconciliation (deliverOrder): not the order's fault, so asked again later.
    case 'exists':
    case 'key-reused':
    case 'retry': {
      const reason =
        outcome.kind === 'exists'
          ? `API X answered order_exists (${outcome.reference}) to an update`
          : outcome.reason;
      if (attemptsBefore + 1 >= maxAttempts) {
        return {
          kind: 'dead',
          reason: `gave up after ${attemptsBefore + 1} attempts; last error: ${reason}`,
        };
      }
      const retryAfterMs = outcome.kind === 'retry' ? outcome.retryAfterMs : null;
      const delay = nextAttemptDelayMs(attemptsBefore, retryAfterMs, random);
      return {
        kind: 'retry',
        reason,
        nextAttemptAt: new Date(now.getTime() + delay),
      };
    }
  }
}

/** How long a claim lasts, and how long a claimed order may wait for a slot and still be sent. */
export interface ClaimTimings {
  readonly claimSeconds: number;
  readonly waitLimitMs: number;
}

/**
 * A claimed order is sent only while its send, at its slowest, still ends within its claim: one
 * that waited `claimSeconds` less the sink's worst-case send (75 s with API X's defaults, see
 * apix-order-sink.ts) is not sent (its claim lapses; it is claimed again), as a send that ended
 * after the claim could meet a second copy sent by the next claim. A claim shorter than two
 * worst-case sends is lengthened to two (whole seconds), so an order may wait as long as a send
 * may take rather than never be sent. deliverOrder's reconciliation (order_exists, a reused
 * key) can take two or more sends; the in-flight set in run() covers those within this run, and
 * the run lock keeps other pushers out.
 */
export function claimTimings(claimSeconds: number, worstCaseSendMs: number): ClaimTimings {
  const worst = Math.max(0, worstCaseSendMs);
  const seconds = Math.max(claimSeconds, Math.ceil((2 * worst) / 1000));
  return { claimSeconds: seconds, waitLimitMs: seconds * 1000 - worst };
}

/** Transient failures in a row, none delivered, after which the run stops asking API X. */
export const UNAVAILABLE_AFTER_FAILURES = 5;

export interface DeliveryTally {
  readonly pushed: number;
  /** Deliveries that failed transiently (network error, timeout, 5xx, 429) and wait for a later run. */
  readonly deferred: number;
}

/**
 * API X counts as unavailable for this run when at least half of its delivery attempts failed
 * transiently: one stray 503 among many deliveries is retried quietly, an outage fails the run
 * (README, "Run outcomes"). Rejections are the order's fault, not API X's, and do not count.
 */
export function apixUnavailable(tally: DeliveryTally): boolean {
  return tally.deferred > 0 && tally.deferred * 2 >= tally.deferred + tally.pushed;
}

/**
 * The outbox worker: claims due orders (FOR UPDATE SKIP LOCKED), sends a create — or an update
 * once API X has accepted the order — and records the outcome (in batches, behind the sends). Transient failures are retried by
 * later runs with back-off; permanent ones and exhausted retries end as 'dead' for a person.
 */
export function createPushOrders(deps: PushOrdersDeps & { readonly shop: string }) {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  return {
    /**
     * With `arrivals` (a fetch storing pages beside this push), a claim that finds nothing waits
     * for the next stored page instead of ending the step; the step ends once the fetch has
     * ended and nothing is left, and claims no more once the fetch failed.
     */
    async run(ctx: StepContext, options: PushOrdersOptions, arrivals?: OrderArrivals) {
      const totals = { pushed: 0, retried: 0, dead: 0 };
      if (options.dryRun) return { ...totals, due: await deps.store.countDue() };
      let failuresInARow = 0;
      let transient = 0;
      let lastFailure = '';
      let added = 0;
      let settledAt = 0;
      let lapsed = 0;
      // Orders not sent because they waited most of their claim, and not delivered since by a
      // later claim of this run: they are due, for the next run (the step's `due`).
      const lapsedIds = new Set<string>();
      // Orders sent and not yet recorded. A send may outlast its claim (see claimTimings):
      // this run's next claim then finds the order due again, and sending it in another slot
      // would put a second copy in flight at once. Such a copy is skipped: the send in flight
      // records the outcome.
      const inFlight = new Set<string>();
      const { claimSeconds, waitLimitMs } = claimTimings(
        options.claimSeconds ?? 300,
        deps.sink.worstCaseSendMs,
      );
      // When each claimed order's claim was asked for (our clock, before the claim's now() in
      // Postgres: the claim ends no earlier than this plus claimSeconds, whatever the clocks' offset).
      const claimedAt = new WeakMap<DueOrder, number>();
      const claimSize = Math.max(10, options.concurrency * 5);
      // Pages stored when the last claim began: any page after it holds orders it could not see.
      let seen = 0;
      const attempts = createWriteBehind<RecordedPush>(async (batch) => {
        await deps.store.recordAttempts(batch);
        // Written: a claim now finds the order's new state, so it no longer needs guarding.
        for (const pushed of batch) inFlight.delete(pushed.order.shopifyId);
      }, claimSize);
      // A sliding window of `concurrency` deliveries: the next claim is made while the last
      // orders of the previous one are still in flight, and outcomes are written behind the
      // deliveries in batches. An order sent but not yet recorded keeps its claim, so no other
      // run sends it meanwhile; after a crash it is sent again under the same key (a replay).
      const delivering = runClaimed({
        claim: async () => {
          seen = arrivals?.stored ?? 0;
          const at = now().getTime();
          const batch = await deps.store.claimDue(claimSize, claimSeconds);
          for (const order of batch) claimedAt.set(order, at);
          return batch;
        },
        limit: options.concurrency,
        // The next claim is asked for while half a claim still waits to be sent: a claim took
        // 50-120 ms in the 10k bench (an UPDATE of 40 rows and its commit, on a busy machine),
        // longer than the 8 in flight plus fewer than 8 waiting kept the window full, so
        // deliveries stood idle behind it (about 9% of the push's slot time).
        prefetch: Math.floor(claimSize / 2),
        signal: ctx.signal,
        // Nothing got through and every recent delivery failed: API X is down. The orders not
        // claimed stay due for the next run instead of each waiting out its own retries here.
        // A failed fetch fails the run: what is not claimed yet waits for the next one.
        keepClaiming: () =>
          arrivals?.failed !== true &&
          (totals.pushed > 0 || failuresInARow < UNAVAILABLE_AFTER_FAILURES),
        // Outcomes added since the last empty claim are written before giving up: an order accepted
        // while a newer version was stored is due again at once and is sent in this run.
        // While the fetch runs, a page stored since the last claim (or the next one, or the
        // fetch's end) is worth another claim.
        settle: async () => {
          if (arrivals && (!arrivals.ended || arrivals.stored > seen)) {
            await arrivals.after(seen);
            return true;
          }
          if (added === settledAt) return false;
          settledAt = added;
          await attempts.drain();
          return true;
        },
        work: async (order) => {
          // Already in flight in another slot (claimed again after its claim lapsed): not sent,
          // nothing written; the claim this copy holds lapses like any other.
          if (inFlight.has(order.shopifyId)) return;
          // Up to a claim and a half wait behind the deliveries in flight (prefetch): with a slow
          // API X an order can wait past its claim, be claimed again (by this run or another
          // pusher) and be sent twice at once. One that waited too long is not sent: its claim
          // lapses and the order is due again, for a later claim of this run or the next run.
          const waited = now().getTime() - (claimedAt.get(order) ?? now().getTime());
          if (waited >= waitLimitMs) {
            lapsedIds.add(order.shopifyId);
            if (lapsed++ === 0)
              ctx.logger.warn(
                { order: order.name, waitedMs: waited, claimSeconds },
                'claimed orders waited most of their claim for a delivery slot (API X slow): not sent now, claimed again',
              );
            return;
          }
          inFlight.add(order.shopifyId);
          let delivered: Awaited<ReturnType<typeof deliverOrder>>;
          try {
            delivered = await deliverOrder(deps.sink, deps.shop, order, ctx.signal);
          } catch (error) {
            inFlight.delete(order.shopifyId);
            throw error;
          }
          const { kind, idempotencyKey, outcome, reconciledWith } = delivered;
          lapsedIds.delete(order.shopifyId);
          if (reconciledWith !== null)
            ctx.logger.info(
              { order: order.name, reference: reconciledWith },
              'API X already held this order; sent this version as an update',
            );
          const decision = decideAttempt(
            outcome,
            order.attempts,
            options.maxAttempts,
            now(),
            random,
          );
          if (outcome.kind === 'retry') {
            failuresInARow++;
            transient++;
            lastFailure = outcome.reason;
          } else failuresInARow = 0;
          added++;
          await attempts.add({
            order,
            attempt: { kind, idempotencyKey, runId: ctx.runId },
            outcome: decision,
          });
          if (decision.kind === 'accepted') {
            totals.pushed++;
            ctx.counter.add('order', 'pushed');
          } else if (decision.kind === 'retry') {
            totals.retried++;
            ctx.counter.add('order', 'deferred');
            ctx.logger.warn(
              { order: order.name, reason: decision.reason, nextAttemptAt: decision.nextAttemptAt },
              'order push will be retried',
            );
          } else {
            totals.dead++;
            await ctx.recordError({
              entity: 'order',
              externalId: order.shopifyId,
              field: null,
              reason: decision.reason,
              payload: { name: order.name, version: order.inflightVersion },
            });
          }
        },
      });
      // Outcomes already known are written even when the run stops early (abort, failure).
      const stopped = await delivering.then(
        () => null,
        (error: unknown) => ({ error }),
      );
      await attempts.drain();
      if (lapsedIds.size > 0) {
        ctx.counter.add('order', 'deferred', lapsedIds.size);
        ctx.logger.warn(
          { orders: lapsedIds.size, claimSeconds },
          'orders not sent: they waited most of their claim for a delivery slot (API X slow); due for the next run',
        );
      }
      if (stopped !== null) throw stopped.error;
      if (apixUnavailable({ pushed: totals.pushed, deferred: transient }))
        throw new UpstreamError(
          'API X',
          `unavailable for order deliveries: ${transient} of ${transient + totals.pushed} failed transiently; the orders wait for the next run (last: ${lastFailure})`,
          {
            retryable: true,
            hint: 'check that API X is up and reachable (APIX_BASE_URL, NetworkPolicy); the orders are delivered once it answers',
          },
        );
      return { ...totals, due: lapsedIds.size };
    },
  };
}
