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
    try {
      started = await start();
    } catch (error) {
      // uvu drops an error thrown in `before` (its runner returns from a finally): the file
      // would show 0 passed and no reason. Printed here, the failure says what it was.
      console.error("usePerFile: the test file's set-up failed:", error);
      throw error;
    }
  });
  test.after(async () => {
    if (!started) return;
    try {
      await close(started);
    } catch (error) {
      // uvu runs after-hooks first-registered-first, and one that throws skips the rest: the
      // next resource's close (a Pushgateway child, a second environment, extra databases) would
      // never run. Printed and turned into a failed exit instead, so later closes still run.
      console.error("usePerFile: closing the test file's set-up failed:", error);
      failAtExit();
    }
  });
  const live = (key: string | symbol): T => {
    if (!started) throw new Error(`read .${String(key)} before the test file's before hook ran`);
    return started;
  };
  // Every way of reading goes through to the started value (`'pool' in db`, `{...db}`,
  // Object.keys); writing to the stand-in throws, as it would land on a dummy no test reads.
  const readOnly = (key: string | symbol): never => {
    throw new Error(`usePerFile's stand-in is read-only: cannot set or delete .${String(key)}`);
  };
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(live(key), key) as unknown,
    has: (_target, key) => Reflect.has(live(key), key),
    ownKeys: () => Reflect.ownKeys(live('keys')),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(live(key), key);
      // A proxy may not report a non-configurable property its (empty) target lacks.
      return descriptor && { ...descriptor, configurable: true };
    },
    set: (_target, key) => readOnly(key),
    defineProperty: (_target, key) => readOnly(key),
    deleteProperty: (_target, key) => readOnly(key),
  });
}

/**
 * Makes the process exit 1 however the tests went. Set at exit, not now: uvu sets
 * process.exitCode from the tests' results once every after-hook has run, overwriting it.
 */
function failAtExit(): void {
  process.exitCode = 1;
  process.once('exit', () => {
    process.exitCode = 1;
  });
}
