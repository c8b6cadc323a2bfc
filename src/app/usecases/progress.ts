import type { Logger } from '../../domain/ports/logger.js';

/** Periodic progress lines for long steps: done/total, rate per second, time left. */
export interface Progress {
  add(n: number): void;
  done(): void;
}

export function createProgress(logger: Logger, label: string, total: number | null, options: { everyMs?: number; now?: () => number } = {}): Progress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 5000;
  const started = now();
  let last = started;
  let count = 0;
  const line = () => {
    const seconds = Math.max(0.001, (now() - started) / 1000);
    const rate = count / seconds;
    const eta = total !== null && rate > 0 ? Math.max(0, (total - count) / rate) : null;
    return { step: label, done: count, total, ratePerSecond: Number(rate.toFixed(1)), etaSeconds: eta === null ? null : Math.round(eta) };
  };
  return {
    add(n) {
      count += n;
      if (now() - last >= everyMs) {
        last = now();
        const p = line();
        logger.info(p, `${label}: ${p.done}${total !== null ? `/${total}` : ''} (${p.ratePerSecond}/s${p.etaSeconds !== null ? `, ~${p.etaSeconds}s left` : ''})`);
      }
    },
    done() {
      if (count > 0 && now() - started >= everyMs) logger.info(line(), `${label}: finished ${count}`);
    },
  };
}
