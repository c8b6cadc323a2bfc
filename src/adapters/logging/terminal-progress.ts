import type { ProgressSink, ProgressState } from '../../domain/ports/progress.js';

/** One line of a progress bar: `writing products [#####.....] 500/1000 50% 120/s ~4s`. */
export function formatProgressLine(state: ProgressState, width = 80): string {
  const counts = state.total !== null ? `${state.done}/${state.total}` : `${state.done}`;
  const tail = `${counts}${state.total ? ` ${Math.floor((100 * state.done) / state.total)}%` : ''} ${state.ratePerSecond}/s${state.etaSeconds !== null ? ` ~${state.etaSeconds}s` : ''}`;
  if (state.total === null || state.total === 0) return `${state.step} ${tail}`.slice(0, width);
  const barWidth = Math.max(10, Math.min(30, width - state.step.length - tail.length - 4));
  const filled = Math.min(barWidth, Math.round((barWidth * state.done) / state.total));
  return `${state.step} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${tail}`.slice(
    0,
    width,
  );
}

/**
 * A progress bar redrawn in place on a terminal (stderr, so stdout stays clean for the JSON
 * summary). Redraws at most every `minIntervalMs` so a fast loop does not flood the terminal.
 */
export function createTerminalProgress(
  stream: { write(text: string): unknown; columns?: number },
  options: { minIntervalMs?: number; now?: () => number } = {},
): ProgressSink {
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 100;
  let last = 0;
  const draw = (state: ProgressState) =>
    stream.write(`\r\x1b[2K${formatProgressLine(state, (stream.columns ?? 80) - 1)}`);
  return {
    update(state) {
      if (now() - last < minInterval) return;
      last = now();
      draw(state);
    },
    finish(state) {
      if (state.done === 0) return;
      draw(state);
      stream.write('\n');
      last = 0;
    },
  };
}
