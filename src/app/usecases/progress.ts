import type { Logger } from '../../domain/ports/logger.js';
import type { ProgressSink, ProgressState } from '../../domain/ports/progress.js';

export interface Progress {
  add(n: number): void;
  done(): void;
}

/**
 * Progress of one long step: every update goes to the sink (a terminal bar, when there is one),
 * and a log line is written every few seconds, so a run without a terminal (a CronJob) still shows
 * done/total, rate and time left in its logs.
 */
export function createProgress(
  ctx: { readonly logger: Logger; readonly progress?: ProgressSink | undefined },
  label: string,
  total: number | null,
  options: { everyMs?: number; now?: () => number } = {},
): Progress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 5000;
  const started = now();
  let lastLog = started;
  let count = 0;
  const state = (): ProgressState => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = count / seconds;
    const eta = total !== null && rate > 0 ? Math.max(0, (total - count) / rate) : null;
    return {
      step: label,
      done: count,
      total,
      ratePerSecond: Number(rate.toFixed(1)),
      etaSeconds: eta === null ? null : Math.round(eta),
    };
  };
  return {
    add(n) {
      count += n;
      const s = state();
      ctx.progress?.update(s);
      if (now() - lastLog >= everyMs) {
        lastLog = now();
        ctx.logger.info(
          s,
          `${label}: ${s.done}${total !== null ? `/${total}` : ''} (${s.ratePerSecond}/s${s.etaSeconds !== null ? `, ~${s.etaSeconds}s left` : ''})`,
        );
      }
    },
    done() {
      const s = state();
      ctx.progress?.finish(s);
      if (count > 0 && now() - started >= everyMs)
        ctx.logger.info(s, `${label}: finished ${count}`);
    },
  };
}
