import { UpstreamError } from '../../domain/errors.js';
import type { OrderSink, PushOutcome } from '../../domain/ports/order-sink.js';
import type { AttemptOutcome, OrderStore } from '../../domain/ports/order-store.js';
import { deliverOrder } from './deliver-order.js';
import { nextAttemptDelayMs } from './order-window.js';
import { runConcurrently } from './run-concurrently.js';
import type { StepContext } from './step-context.js';

export interface PushOrdersDeps {
  readonly sink: OrderSink;
  readonly store: Pick<OrderStore, 'claimDue' | 'recordAttempt' | 'countDue'>;
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
 * once API X has accepted the order — and records the outcome. Transient failures are retried by
 * later runs with back-off; permanent ones and exhausted retries end as 'dead' for a person.
 */
export function createPushOrders(deps: PushOrdersDeps & { readonly shop: string }) {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  return {
    async run(ctx: StepContext, options: PushOrdersOptions) {
      const totals = { pushed: 0, retried: 0, dead: 0 };
      if (options.dryRun) return { ...totals, due: await deps.store.countDue() };
      let failuresInARow = 0;
      let transient = 0;
      let lastFailure = '';
      for (;;) {
        ctx.signal.throwIfAborted();
        // Nothing got through and every recent delivery failed: API X is down. The orders not
        // tried stay due for the next run instead of each waiting out its own retries here.
        if (totals.pushed === 0 && failuresInARow >= UNAVAILABLE_AFTER_FAILURES) break;
        const due = await deps.store.claimDue(
          Math.max(10, options.concurrency * 5),
          options.claimSeconds ?? 300,
        );
        if (due.length === 0) break;
        await runConcurrently(due, options.concurrency, ctx.signal, async (order) => {
          const { kind, idempotencyKey, outcome, reconciledWith } = await deliverOrder(
            deps.sink,
            deps.shop,
            order,
            ctx.signal,
          );
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
          await deps.store.recordAttempt(
            order,
            { kind, idempotencyKey, runId: ctx.runId },
            decision,
          );
          if (outcome.kind === 'retry') {
            failuresInARow++;
            transient++;
            lastFailure = outcome.reason;
          } else failuresInARow = 0;
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
        });
      }
      if (apixUnavailable({ pushed: totals.pushed, deferred: transient }))
        throw new UpstreamError(
          'API X',
          `unavailable for order deliveries: ${transient} of ${transient + totals.pushed} failed transiently; the orders wait for the next run (last: ${lastFailure})`,
          {
            retryable: true,
            hint: 'check that API X is up and reachable (APIX_BASE_URL, NetworkPolicy); the orders are delivered once it answers',
          },
        );
      return { ...totals, due: 0 };
    },
  };
}
