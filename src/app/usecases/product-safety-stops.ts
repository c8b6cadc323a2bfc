import { SafetyStopError } from '../../domain/errors.js';
import { reportWaiting, type WriteTally } from './product-write-outcome.js';
import type { StepContext } from './step-context.js';

/** Ratio checks start after this many products, so one early failure is not "100%". */
export const MIN_SAMPLE = 20;

/**
 * Before any write: a feed that lost more than `maxArchiveRatio` of the active products
 * archives nothing unless the operator says so (--force-archive).
 */
export function stopOnMassArchive(
  counts: { readonly gone: number; readonly mappedActive: number },
  options: { readonly maxArchiveRatio: number; readonly forceArchive: boolean },
): void {
  const archiveLimit = Math.floor(counts.mappedActive * options.maxArchiveRatio);
  if (
    counts.gone > 0 &&
    counts.gone > archiveLimit &&
    counts.mappedActive >= MIN_SAMPLE &&
    !options.forceArchive
  ) {
    throw new SafetyStopError(
      `safety stop: API X no longer lists ${counts.gone} of ${counts.mappedActive} products (more than SYNC_MAX_ARCHIVE_RATIO=${options.maxArchiveRatio}); ` +
        'nothing was archived. If API X really removed them, run again with --force-archive',
    );
  }
}

/**
 * The same stop on both write paths (a bulk path checks between its operations): creations
 * waiting for the daily variant limit are not failures and do not count.
 */
export function stopOnFailures(ctx: StepContext, tally: WriteTally, maxFailureRatio: number): void {
  const { attempted, failed } = tally;
  if (attempted >= MIN_SAMPLE && failed / attempted > maxFailureRatio) {
    reportWaiting(ctx, tally);
    throw new SafetyStopError(
      `safety stop: Shopify rejected ${failed} of ${attempted} products (more than SYNC_MAX_FAILURE_RATIO=${maxFailureRatio}); see the per-record errors`,
    );
  }
}
