import type { Test } from 'uvu';

/**
 * Starts something once for a test file (in `before`), closes it in `after`, and returns a
 * stand-in that reads through to it, so test bodies keep writing `db.pool` or `e2e.cli(...)`.
 * Why: the same `let x; test.before(start); test.after(close)` block stood in dozens of files.
 * A proxy rather than getters so that one helper serves the database, the simulators and the
 * e2e environment alike. Reading the stand-in before `before` ran throws and says so, where the
 * old `let` handed out `undefined`.
 */
export function usePerFile<C, T extends object>(
  test: Test<C>,
  start: () => Promise<T>,
  close: (started: T) => Promise<void>,
): T {
  let started: T | undefined;
  test.before(async () => {
    started = await start();
  });
  test.after(async () => {
    if (started) await close(started);
  });
  return new Proxy({} as T, {
    get(_target, key) {
      if (!started) throw new Error(`read .${String(key)} before the test file's before hook ran`);
      return Reflect.get(started, key) as unknown;
    },
  });
}
